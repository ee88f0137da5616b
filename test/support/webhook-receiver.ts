import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedWebhook {
  webhookId: string;
  type: string;
  body: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  /** The secrets (of those given) whose signature verified. */
  verifiedWith: string[];
  receivedAt: number;
}

/**
 * A provider's receiver on loopback, as the README tells one to write it: every delivery verified
 * with the standardwebhooks library, processed once per webhook-id however often it comes.
 * `answer` decides the status of each request (500 for a while, then 200; a redirect; silence).
 */
export async function startWebhookReceiver(options: { secrets: () => string[] }) {
  const all: ReceivedWebhook[] = [];
  const processed = new Map<string, ReceivedWebhook>();
  let unverified = 0;
  let answer: (request: {
    webhookId: string;
  }) => { status: number; body?: string; location?: string; delayMs?: number } | 'hang' = () => ({
    status: 200,
  });
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const headers = request.headers as Record<string, string>;
      const verifiedWith = options.secrets().filter((secret) => {
        try {
          new Webhook(secret).verify(text, headers);
          return true;
        } catch {
          return false;
        }
      });
      const webhookId = headers['webhook-id'] ?? '';
      if (verifiedWith.length === 0) unverified++;
      const body = JSON.parse(text) as Record<string, unknown>;
      const entry = {
        webhookId,
        type: String(body.type),
        body,
        headers: request.headers,
        verifiedWith,
        receivedAt: Date.now(),
      };
      all.push(entry);
      const reply = answer({ webhookId });
      if (reply === 'hang') return;
      if (reply.status >= 200 && reply.status < 300 && verifiedWith.length > 0 && !processed.has(webhookId))
        processed.set(webhookId, entry);
      // Processed first, answered after (a slow receiver): a sender that dies meanwhile sends it again.
      setTimeout(() => {
        response.writeHead(reply.status, reply.location ? { location: reply.location } : {});
        response.end(reply.body ?? '');
      }, reply.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/settle`,
    all,
    processed,
    unverified: () => unverified,
    answerWith: (next: typeof answer) => {
      answer = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
