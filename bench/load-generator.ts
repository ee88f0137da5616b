// A load generator in a process of its own (as autocannon would be), so that building and timing
// requests does not share the server's event loop. Reads a plan from the file named on the command
// line, sends it with N keep-alive clients, prints { seconds, latencies, failures } as JSON.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

export interface LoadPlan {
  origin: string;
  concurrency: number;
  /** Sent first, one at a time, and not timed: connections open, code paths warm. */
  warmup: { path: string; cookie: string; body: string }[];
  requests: { path: string; cookie: string; body: string }[];
}
export interface LoadResult {
  seconds: number;
  latencies: number[];
  failures: string[];
}

const plan = JSON.parse(readFileSync(process.argv[2] as string, 'utf8')) as LoadPlan;
const latencies: number[] = [];
const failures: string[] = [];

async function send(request: LoadPlan['requests'][number]): Promise<void> {
  const t0 = performance.now();
  const response = await fetch(`${plan.origin}${request.path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: request.cookie, 'idempotency-key': randomUUID() },
    body: request.body,
  });
  const text = await response.text();
  latencies.push(performance.now() - t0);
  if (response.status !== 200) failures.push(`${response.status} ${text.slice(0, 200)}`);
}

for (const request of plan.warmup) await send(request);
latencies.length = 0;
failures.length = 0;
let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: plan.concurrency }, async () => {
    for (let index = next++; index < plan.requests.length; index = next++) {
      await send(plan.requests[index] as LoadPlan['requests'][number]);
    }
  }),
);
const result: LoadResult = { seconds: (performance.now() - started) / 1000, latencies, failures };
process.stdout.write(JSON.stringify(result));
