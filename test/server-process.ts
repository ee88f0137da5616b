import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface ServerProcess {
  url: string;
  output: () => string;
  /** SIGTERM: a clean stop. */
  stop: () => Promise<void>;
  /** SIGKILL: the process dies wherever it is, as in a crash or an OOM kill. */
  kill: () => Promise<void>;
  /** Resolves when the process has ended, by a signal or by itself (a fault point's kill -9). */
  exited: Promise<void>;
  /** How it ended: its exit code, or null while running or when a signal ended it. */
  exitCode: () => number | null;
  /** Its process id: with the host name, how it signs its claims on jobs and deliveries. */
  pid: number;
}

/**
 * The real server (npm start's entry point) as a child process, on a port the system picks (PORT=0:
 * the URL is read from its banner). It leads a process group of its own, and stop/kill signal the
 * whole group, so nothing it started outlives the test.
 */
export async function startServerProcess(options: {
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  env?: Record<string, string>;
  /** Modules loaded before the server (e.g. test/support/clock-ahead.ts). */
  imports?: string[];
}): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, serverArguments(options.imports ?? []), {
    env: {
      ...process.env,
      PORT: '0',
      DATABASE_URL: options.databaseUrl ?? '',
      SETTLE_DATA_DIR: options.dataDir ?? '',
      // Tests decide when billing and dunning run; a retry at start-up would race the test's own clicks.
      SETTLE_JOBS_EVERY_MS: '0',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  let announce: (url: string) => void = () => {};
  const announced = new Promise<string>((resolve) => {
    announce = resolve;
  });
  const collect = (chunk: Buffer) => {
    output += chunk;
    const url = /Settle admin center: (http:\/\/[^/\s]+)\//.exec(output)?.[1];
    if (url) announce(url);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // The group is already gone.
      }
    }
    await exited;
  };
  let timer: NodeJS.Timeout | undefined;
  const url = await Promise.race([
    announced,
    exited.then(() => {
      throw new Error(`server exited early:\n${output}`);
    }),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`server did not start in 60 s:\n${output}`)), 60_000);
    }),
  ])
    .catch(async (error: unknown) => {
      await end('SIGKILL');
      throw error;
    })
    .finally(() => clearTimeout(timer));
  return {
    url,
    output: () => output,
    stop: () => end('SIGTERM'),
    kill: () => end('SIGKILL'),
    exited,
    exitCode: () => child.exitCode,
    pid: child.pid ?? 0,
  };
}

/**
 * src/main.ts through tsx; or, with SETTLE_TEST_COMPILED=1 (CI, after npm run build), the compiled
 * dist/main.js: it starts on ~1.1 s of CPU instead of ~2 s, and the PostgreSQL pass and the browser
 * tests start about a hundred servers. A build older than a source file is refused rather than tested.
 */
function serverArguments(imports: string[]): string[] {
  const preloads = imports.flatMap((module) => ['--import', module]);
  // Modules loaded before the server are TypeScript: those starts go through tsx.
  if (process.env.SETTLE_TEST_COMPILED !== '1' || imports.length > 0)
    return ['--import', 'tsx', ...preloads, 'src/main.ts'];
  assertBuildIsFresh();
  return ['dist/main.js'];
}

let buildChecked = false;
function assertBuildIsFresh(): void {
  if (buildChecked) return;
  const builtMs = statSync('dist/main.js', { throwIfNoEntry: false })?.mtimeMs;
  if (builtMs === undefined)
    throw new Error('SETTLE_TEST_COMPILED=1 but dist/main.js is missing: npm run build');
  const newer = newestSourceMs('src');
  if (newer.mtimeMs > builtMs)
    throw new Error(`SETTLE_TEST_COMPILED=1 but ${newer.path} is newer than dist/main.js: npm run build`);
  buildChecked = true;
}

function newestSourceMs(dir: string): { path: string; mtimeMs: number } {
  let newest = { path: dir, mtimeMs: 0 };
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const found = entry.isDirectory()
      ? newestSourceMs(path)
      : entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')
        ? { path, mtimeMs: statSync(path).mtimeMs }
        : newest;
    if (found.mtimeMs > newest.mtimeMs) newest = found;
  }
  return newest;
}

/** A signed-in HTTP client for a running server process. */
export async function signInOver(url: string, email: string) {
  const response = await fetch(`${url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'settle-demo' }),
  });
  if (response.status !== 204) throw new Error(`sign-in failed: ${response.status}`);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    base = url,
  ) => {
    const reply = await fetch(`${base}${path}`, {
      method,
      headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await reply.text();
    return { status: reply.status, body: text ? JSON.parse(text) : null };
  };
  return { cookie, call };
}
