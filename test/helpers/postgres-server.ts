// A throwaway PostgreSQL server for tests: its own cluster in a temporary folder, on a free loopback port, started
// from the binaries of Debian's `postgresql` package. The package keeps initdb and postgres under
// /usr/lib/postgresql/<version>/bin, off PATH, so they are looked for there too. PostgreSQL refuses to run as root:
// as root (CI), the server runs as the package's `postgres` user.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { hasCommand, type SystemTool } from './system-tool';

export const POSTGRESQL: SystemTool = { command: 'initdb', install: 'apt-get install postgresql' };

const DEBIAN_ROOT = '/usr/lib/postgresql';

/** The folder holding initdb and postgres: on PATH, else the newest under /usr/lib/postgresql. */
export function postgresBinDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const onPath = (env.PATH ?? '').split(path.delimiter).find((dir) => dir !== '' && hasCommand('initdb', { PATH: dir }) && hasCommand('postgres', { PATH: dir }));
  if (onPath !== undefined) return onPath;
  let versions: string[];
  try {
    versions = readdirSync(DEBIAN_ROOT).filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  const newest = versions.sort((a, b) => Number(b) - Number(a)).map((v) => path.join(DEBIAN_ROOT, v, 'bin'));
  return newest.find((dir) => hasCommand('initdb', { PATH: dir }) && hasCommand('postgres', { PATH: dir }));
}

/** `process.env` with the PostgreSQL binaries on PATH, for `describeWhen(POSTGRESQL, ...)`. */
export function envWithPostgres(): NodeJS.ProcessEnv {
  const dir = postgresBinDir();
  return dir === undefined ? process.env : { ...process.env, PATH: [process.env.PATH ?? '', dir].join(path.delimiter) };
}

export interface PostgresServer {
  /** A URL of the server's `postgres` database, as the superuser (trust authentication on loopback). */
  readonly url: string;
  /** A fresh database on this server; its URL. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server as a crash would: immediate shutdown, no checkpoint (the next start runs crash recovery). */
  kill(): Promise<void>;
  /** Starts it again on the same port and folder; resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops it and removes its folder. */
  destroy(): Promise<void>;
}

interface RunAs {
  uid?: number;
  gid?: number;
}

export async function startPostgresServer(): Promise<PostgresServer> {
  const bin = postgresBinDir();
  if (bin === undefined) throw new Error(`PostgreSQL is not installed (${POSTGRESQL.install})`);
  const runAs = serverUser();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'einstein-retrain-pg-'));
  const dataDir = path.join(dir, 'data');
  if (runAs.uid !== undefined) chownSync(dir, runAs.uid, runAs.gid ?? runAs.uid);
  const init = spawnSync(path.join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8'], {
    ...runAs,
    encoding: 'utf8',
  });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.error?.message}`);
  const port = await freePort();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let server: ChildProcess | undefined;

  const start = async (): Promise<void> => {
    const child = spawn(
      path.join(bin, 'postgres'),
      ['-D', dataDir, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'full_page_writes=off'],
      { ...runAs, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    server = child;
    await untilAccepting(url, child, () => stderr);
  };

  const kill = async (): Promise<void> => {
    const child = server;
    server = undefined;
    if (child === undefined || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGQUIT');
    await exited;
  };

  await start();
  return {
    url,
    createDatabase: async (name) => {
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`create database "${name.replace(/"/g, '')}"`);
      } finally {
        await client.end();
      }
      return url.replace(/\/postgres$/, `/${name}`);
    },
    kill,
    start,
    destroy: async () => {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** As root, the `postgres` user's ids from /etc/passwd; otherwise nothing (the server runs as we do). */
function serverUser(): RunAs {
  if (process.getuid?.() !== 0) return {};
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  const fields = line?.split(':');
  if (fields === undefined) throw new Error('PostgreSQL cannot run as root and there is no postgres user (apt-get install postgresql creates one)');
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
}

async function untilAccepting(url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`postgres exited with ${child.exitCode}: ${stderr()}`);
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
    try {
      await client.connect();
      await client.query('select 1');
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
    }
    if (Date.now() > deadline) throw new Error(`postgres did not accept connections within 60 s: ${stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
