import { type ChildProcess, spawn } from 'node:child_process';

export interface ServerProcess {
  url: string;
  output: () => string;
  /** SIGTERM: a clean stop. */
  stop: () => Promise<void>;
  /** SIGKILL: the process dies wherever it is, as in a crash or an OOM kill. */
  kill: () => Promise<void>;
}

/** The real server (npm start's entry point) as a child process. */
export async function startServerProcess(options: {
  port: number;
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  env?: Record<string, string>;
}): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      PORT: String(options.port),
      DATABASE_URL: options.databaseUrl ?? '',
      SETTLE_DATA_DIR: options.dataDir ?? '',
      // Tests decide when billing and dunning run; a retry at start-up would race the test's own clicks.
      SETTLE_JOBS_EVERY_MS: '0',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {}
    if (Date.now() > deadline) throw new Error(`server did not start in 60 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return { url, output: () => output, stop: () => end('SIGTERM'), kill: () => end('SIGKILL') };
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
