// A receiver for Settle's webhooks: verify, process each event once, answer 2xx fast.
// SETTLE_WEBHOOK_SECRET=whsec_… PORT=4000 node examples/webhook-receiver.mjs
import { createServer } from 'node:http';
import { Webhook } from 'standardwebhooks';

const webhook = new Webhook(process.env.SETTLE_WEBHOOK_SECRET);
const processed = new Set(); // keep these in your database: an event may come more than once

const server = createServer((request, response) => {
  let body = '';
  // Decoded as a stream: a character split between two chunks (中文 is three bytes each) stays whole.
  request.setEncoding('utf8');
  request.on('data', (chunk) => {
    body += chunk;
  });
  request.on('end', () => {
    let event;
    try {
      // Throws unless Settle signed this body, with this webhook-id, less than 5 minutes ago.
      event = webhook.verify(body, request.headers);
    } catch {
      response.writeHead(400).end();
      return;
    }
    if (!processed.has(event.id)) {
      processed.add(event.id);
      console.log(`${event.type} ${event.data.object.id}`); // your work here: warn, suspend, resume…
    }
    response.writeHead(204).end();
  });
});
server.listen(Number(process.env.PORT ?? 4000), '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}/`);
});
