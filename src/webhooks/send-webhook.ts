import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { AddressRefusedError, addressAllowed, guardedLookup } from './webhook-address.js';

export interface WebhookResponse {
  /** null when no HTTP answer came (refused address, connection error, timeout). */
  statusCode: number | null;
  latencyMs: number;
  /** The first KB of the response body, for the delivery log. */
  excerpt: string;
  error: string | null;
}

const excerptBytes = 1024;

/**
 * POSTs one event, signed per the Standard Webhooks specification with every current secret (after
 * a rotation, the new and the old one: receivers verify with either). Redirects are not followed, the
 * whole exchange has `timeoutMs`, and no more than the first KB of the answer is read.
 */
export async function sendWebhook(options: {
  url: string;
  webhookId: string;
  payload: string;
  secrets: string[];
  timeoutMs: number;
  allowedRanges: readonly string[];
}): Promise<WebhookResponse> {
  // The receiver checks the timestamp against its own clock (5 minutes' tolerance): always now.
  const timestamp = new Date();
  const signature = options.secrets
    .map((secret) => new Webhook(secret).sign(options.webhookId, timestamp, options.payload))
    .join(' ');
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'Settle-Webhooks/1',
    'webhook-id': options.webhookId,
    'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
    'webhook-signature': signature,
  };
  const startedAt = performance.now();
  const elapsed = () => Math.round(performance.now() - startedAt);
  const url = new URL(options.url);
  // An address written in the URL is connected to without a lookup: checked here instead.
  const literal = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(literal) && !addressAllowed(literal, options.allowedRanges))
    return { statusCode: null, latencyMs: 0, excerpt: '', error: new AddressRefusedError(literal).message };
  return new Promise<WebhookResponse>((resolve) => {
    const client = url.protocol === 'https:' ? https : http;
    let settled = false;
    const finish = (answer: Omit<WebhookResponse, 'latencyMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve({ ...answer, latencyMs: elapsed() });
    };
    const request = client.request(
      url,
      { method: 'POST', headers, lookup: guardedLookup(options.allowedRanges), agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        let length = 0;
        const done = () =>
          finish({
            statusCode: response.statusCode ?? null,
            excerpt: Buffer.concat(chunks).subarray(0, excerptBytes).toString('utf8'),
            error: null,
          });
        response.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          length += chunk.length;
          if (length >= excerptBytes) done();
        });
        response.on('end', done);
        response.on('error', done);
      },
    );
    const timer = setTimeout(
      () => finish({ statusCode: null, excerpt: '', error: `no answer in ${options.timeoutMs} ms` }),
      options.timeoutMs,
    );
    request.on('error', (error) => finish({ statusCode: null, excerpt: '', error: error.message }));
    request.end(options.payload);
  });
}
