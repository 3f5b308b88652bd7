/**
 * The three kinds of process a chaos scenario kills: the Einstein emulator (restarted on its state file), the
 * Temporal dev server (restarted on its SQLite file) and the product's worker (restarted by a supervisor, as a
 * process manager would). Each comes back on the same port, so nothing but the outage itself changes for the others.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startDevServer, type DevServer } from '../../src/temporal/dev-server';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const TS_NODE = ['-r', 'ts-node/register/transpile-only'];

/** Resolves once `child` printed `marker` on stdout; rejects when it exits first or `timeoutMs` passes. */
function waitForLine(child: ChildProcess, marker: string, timeoutMs: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => done(new Error(`${what} not ready within ${timeoutMs} ms`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      seen = (seen + chunk.toString('utf8')).slice(-4096);
      if (seen.includes(marker)) done();
    };
    const onExit = (code: number | null, signal: string | null) => done(new Error(`${what} exited before it was ready (code ${code}, signal ${signal})`));
    const done = (error?: Error) => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve();
    };
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Appends a child's stdout and stderr to `logFile` (the secret scan reads it later). */
function teeToFile(child: ChildProcess, logFile: string, banner: string): void {
  const out = fs.createWriteStream(logFile, { flags: 'a' });
  out.write(`${banner}\n`);
  child.stdout?.pipe(out, { end: false });
  child.stderr?.pipe(out, { end: false });
  child.once('exit', () => setTimeout(() => out.end(), 100));
}

export interface EmulatorProcessOptions {
  port: number;
  stateFile: string;
  seed: number;
  timeScale: number;
  queueCapacity: number;
  publicKeyFile: string;
  accountId: string;
  staticToken: string;
  logFile: string;
}

/** `npm run emulator` as a child process; `kill9` then `start` continues from the state file on the same port. */
export class EmulatorProcess {
  private child: ChildProcess | undefined;
  readonly url: string;

  constructor(private readonly options: EmulatorProcessOptions) {
    this.url = `http://127.0.0.1:${options.port}`;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(): Promise<void> {
    const o = this.options;
    const args = [
      ...TS_NODE,
      path.join(REPO_ROOT, 'src/emulator/main.ts'),
      ...['--port', String(o.port), '--seed', String(o.seed), '--time-scale', String(o.timeScale)],
      ...['--queue-capacity', String(o.queueCapacity), '--state-file', o.stateFile],
      ...['--public-key', o.publicKeyFile, '--account', o.accountId, '--static-token', o.staticToken],
    ];
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '' } });
    this.child = child;
    teeToFile(child, o.logFile, `--- emulator start ${new Date().toISOString()}`);
    await waitForLine(child, 'Einstein emulator listening on', 60_000, 'emulator');
  }

  async kill9(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    child.kill('SIGKILL');
    await exited(child);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited(child);
    clearTimeout(timer);
  }
}

/** The pinned `temporal server start-dev` on a SQLite file; `kill9` then `start` continues from that file. */
export class TemporalProcess {
  private server: DevServer | undefined;
  private alive = false;
  readonly address: string;

  constructor(
    private readonly port: number,
    private readonly dbFile: string,
  ) {
    this.address = `127.0.0.1:${port}`;
  }

  get running(): boolean {
    return this.alive;
  }

  async start(): Promise<void> {
    this.server = await startDevServer({ dbFile: this.dbFile, port: this.port, startTimeoutMs: 60_000 });
    this.alive = true;
  }

  async kill9(): Promise<void> {
    if (!this.server || !this.alive) return;
    const pid = this.server.pid;
    this.alive = false;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      return; // already gone
    }
    // The dev server's own stop() waits for its exit event; after SIGKILL it resolves at once.
    await this.server.stop();
  }

  async stop(): Promise<void> {
    if (!this.server || !this.alive) return;
    this.alive = false;
    await this.server.stop();
  }
}

export interface WorkerSupervisorOptions {
  env: Record<string, string>;
  logFile: string;
  /** Pause before a worker that died (killed or crashed) is started again, as a process manager would. */
  restartDelayMs: number;
}

/**
 * Keeps one worker process running: a worker that exits (SIGKILL from a scenario, or on its own) is started again
 * after `restartDelayMs`. Counts both kinds of exit, so the results say whether the worker ever gave up by itself.
 */
export class WorkerSupervisor {
  private child: ChildProcess | undefined;
  private stopping = false;
  private expectedExit = false;
  private restarting: Promise<void> | undefined;
  private readyWaiters: Array<() => void> = [];
  private isReady = false;
  /** starts: processes spawned; kills: our SIGKILLs; ownExits: a ready worker that exited by itself; startFailures: died or hung before ready. */
  readonly stats = { starts: 0, kills: 0, ownExits: 0, startFailures: 0 };

  constructor(private readonly options: WorkerSupervisorOptions) {}

  get ready(): boolean {
    return this.isReady;
  }

  /** Starts the first worker and resolves once it polls. */
  async start(): Promise<void> {
    await this.spawnOnce();
  }

  /** Resolves when a worker is (again) polling. */
  whenReady(): Promise<void> {
    if (this.isReady) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** SIGKILL the current worker; the supervisor starts the next one. */
  async kill9(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    this.stats.kills += 1;
    this.expectedExit = true;
    this.isReady = false;
    child.kill('SIGKILL');
    await exited(child);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    await this.restarting?.catch(() => undefined);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited(child);
    clearTimeout(timer);
  }

  private async spawnOnce(): Promise<void> {
    const child = spawn(process.execPath, [...TS_NODE, path.join(__dirname, 'worker-process.ts')], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TS_NODE_PROJECT: path.join(REPO_ROOT, 'tsconfig.json'), ...this.options.env },
    });
    this.child = child;
    this.stats.starts += 1;
    this.expectedExit = false;
    teeToFile(child, this.options.logFile, `--- worker start #${this.stats.starts} ${new Date().toISOString()}`);
    child.once('exit', () => this.onExit(child));
    try {
      await waitForLine(child, 'worker-ready', 120_000, 'worker');
    } catch (error) {
      this.stats.startFailures += 1;
      child.kill('SIGKILL'); // a hung start is ended; its exit event starts the next one
      throw error;
    }
    if (this.child === child && child.exitCode === null && child.signalCode === null) {
      this.isReady = true;
      for (const resolve of this.readyWaiters.splice(0)) resolve();
    }
  }

  private onExit(child: ChildProcess): void {
    if (child !== this.child) return;
    const wasReady = this.isReady;
    this.isReady = false;
    if (wasReady && !this.expectedExit && !this.stopping) this.stats.ownExits += 1;
    if (this.stopping) return;
    this.restarting = (async () => {
      await new Promise((r) => setTimeout(r, this.options.restartDelayMs));
      if (this.stopping) return;
      // A start that fails is counted in spawnOnce; that child's own exit event starts the next one.
      await this.spawnOnce().catch(() => undefined);
    })();
  }
}
