// The embedded default: a real Temporal dev server (persisted to a SQLite file) and the seeded Einstein emulator on
// loopback, with a fresh RSA key pair whose public half the emulator trusts. Used by `npm run demo`, by `npm start`
// when nothing is configured, and by the integration tests.
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { FIXTURE } from './emulator/state/fixture';
import { startEmulator, type EmulatorHandle } from './emulator/server';
import { startDevServer, type DevServer } from './temporal/dev-server';

export interface EmbeddedStackOptions {
  /** Start a Temporal dev server (otherwise use the configured one). @default true */
  temporal?: boolean;
  /** Start the Einstein emulator (otherwise use the configured Einstein). @default true */
  emulator?: boolean;
  /** SQLite file of the dev server; in memory when omitted. */
  temporalDbFile?: string;
  /** Temporal Web UI port; the UI is off when omitted. */
  temporalUiPort?: number;
  /** gRPC port of the dev server; a free one when omitted (`npm start` uses 7233, Temporal's default). */
  temporalPort?: number;
  /** Port of the emulator; a free one when omitted. */
  emulatorPort?: number;
  seed?: number;
  /** Simulated seconds per real second in the emulator. */
  timeScale?: number;
  queueCapacity?: number;
}

export interface EmbeddedStack {
  temporal?: DevServer;
  emulator?: EmulatorHandle;
  /** Credentials the emulator accepts (JWT bearer flow). */
  account?: { accountId: string; privateKeyPem: string };
  stop(): Promise<void>;
}

export async function startEmbeddedStack(options: EmbeddedStackOptions = {}): Promise<EmbeddedStack> {
  const stack: EmbeddedStack = { stop: async () => {} };
  const stoppers: Array<() => Promise<void>> = [];
  stack.stop = async () => {
    for (const stop of stoppers.reverse()) await stop().catch(() => undefined);
  };
  try {
    if (options.temporal ?? true) {
      if (options.temporalDbFile) fs.mkdirSync(path.dirname(options.temporalDbFile), { recursive: true });
      stack.temporal = await startDevServer({ dbFile: options.temporalDbFile, uiPort: options.temporalUiPort, port: options.temporalPort });
      stoppers.push(() => stack.temporal!.stop());
    }
    if (options.emulator ?? true) {
      const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
      stack.account = { accountId: FIXTURE.account.sub, privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
      stack.emulator = await startEmulator({
        port: options.emulatorPort,
        seed: options.seed,
        timeScale: options.timeScale,
        queueCapacity: options.queueCapacity,
        accounts: [{ sub: FIXTURE.account.sub, publicKeyPem }],
      });
      stoppers.push(() => stack.emulator!.close());
    }
    return stack;
  } catch (error) {
    await stack.stop();
    throw error;
  }
}
