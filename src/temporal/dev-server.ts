// Starts a real Temporal server (`temporal server start-dev`) on a free loopback port, with the project's search
// attributes registered, waits until it reports SERVING, and stops it cleanly. Used by tests, the demo and
// `npm start` when no Temporal address is configured.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { SEARCH_ATTRIBUTES } from '../workflows/search-attributes';
import { resolveTemporalCli } from './binaries';
import { freePort } from './free-port';

const execFileAsync = promisify(execFile);

export interface DevServerOptions {
  /** SQLite file that keeps workflows across restarts; in memory when omitted. */
  dbFile?: string;
  /** gRPC port; a free one when omitted. */
  port?: number;
  /** Web UI port; the UI is off unless given. */
  uiPort?: number;
  namespace?: string;
  /** Upper bound on the wait for SERVING. */
  startTimeoutMs?: number;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** Explicit binary; resolved (env var, PATH, .temporal/venv) when omitted. */
  binary?: string;
}

export interface DevServer {
  /** host:port for the SDK's connection options */
  address: string;
  namespace: string;
  uiUrl?: string;
  pid: number;
  stop(): Promise<void>;
}

/** Thrown when the dev server exits early or does not report SERVING in time; carries its first and last output lines. */
export class DevServerStartError extends Error {
  readonly code = 'TEMPORAL_DEV_SERVER_START_FAILED';
  constructor(
    message: string,
    /** The process ended on its own before serving (e.g. a port it picked was taken), rather than timing out. */
    readonly exitedEarly = false,
  ) {
    super(message);
    this.name = 'DevServerStartError';
  }
}

/** Starts on a free port; see the module comment. */
export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  // Besides its gRPC port the server binds further ports of its own choosing while it starts; another process on the
  // machine can take one between the choice and the bind, and the server then exits. Only when the caller left the
  // port to us is a fresh start on a fresh port the same request, so only then is it tried again.
  const attempts = options.port === undefined ? START_ATTEMPTS : 1;
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options);
    } catch (err) {
      if (!(err instanceof DevServerStartError && err.exitedEarly) || attempt >= attempts) throw err;
    }
  }
}

const START_ATTEMPTS = 3;

async function startOnce(options: DevServerOptions): Promise<DevServer> {
  const binary = options.binary ?? resolveTemporalCli();
  const port = options.port ?? (await freePort());
  const namespace = options.namespace ?? 'default';
  const address = `127.0.0.1:${port}`;
  const child = spawn(binary, devServerArgs(options, port, namespace), { stdio: ['ignore', 'pipe', 'pipe'] });
  const tail = captureOutput(child);
  try {
    await waitServing(binary, address, child, tail, options.startTimeoutMs ?? 30_000);
  } catch (err) {
    await stopProcess(child);
    throw err;
  }
  return {
    address,
    namespace,
    uiUrl: options.uiPort ? `http://127.0.0.1:${options.uiPort}` : undefined,
    pid: child.pid ?? -1,
    stop: () => stopProcess(child),
  };
}

function devServerArgs(options: DevServerOptions, port: number, namespace: string): string[] {
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port)];
  args.push('--log-level', options.logLevel ?? 'warn');
  args.push(...(options.uiPort ? ['--ui-port', String(options.uiPort)] : ['--headless']));
  if (options.dbFile) args.push('--db-filename', options.dbFile);
  if (namespace !== 'default') args.push('--namespace', namespace);
  for (const sa of SEARCH_ATTRIBUTES) args.push('--search-attribute', `${sa.name}=${sa.type}`);
  return args;
}

/**
 * The first `head` lines and the last `keep` of the server's output, with a marker where lines were dropped between
 * them: a Go panic says why in its first lines, and its stack would push them out of a tail alone.
 */
function captureOutput(child: ChildProcess, head = 15, keep = 40): string[] {
  const lines: string[] = [];
  const onData = (chunk: Buffer): void => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > head + 1 + keep) lines.splice(head, lines.length - head - keep, '…');
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  return lines;
}

async function isServing(binary: string, address: string): Promise<boolean> {
  try {
    const { stdout } = await execFileAsync(binary, ['operator', 'cluster', 'health', '--address', address], {
      timeout: 5_000,
    });
    return stdout.includes('SERVING');
  } catch {
    return false;
  }
}

async function waitServing(
  binary: string,
  address: string,
  child: ChildProcess,
  tail: string[],
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  while (Date.now() < deadline) {
    if (exited !== undefined) {
      throw new DevServerStartError(`temporal server start-dev exited with ${exited}:\n${tail.join('\n')}`, true);
    }
    if (await isServing(binary, address)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new DevServerStartError(
    `temporal server start-dev did not report SERVING on ${address} within ${timeoutMs} ms:\n${tail.join('\n')}`,
  );
}

/** SIGTERM, then SIGKILL if the process has not exited after a grace period. */
export async function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
