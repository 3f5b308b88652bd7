/**
 * The Einstein API emulator as an HTTP server (fastify): /v2 endpoints for vision and language, and the control API
 * under /__emulator/. See docs/einstein-api.md for the API and src/emulator/README.md for what the emulator is for.
 */
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { systemClock, type Clock } from './simulator/clock';
import { registerControlRoutes } from './control/control';
import { Emulator } from './emulator';
import { ApiError } from './routes/errors';
import { installPipeline } from './routes/pipeline';
import { registerApiRoutes } from './routes/all-routes';
import { StateFileWriter, readStateFile } from './state/state-file';

export interface EmulatorOptions {
  host?: string;
  port?: number;
  seed?: number;
  timeScale?: number;
  accounts?: { sub: string; publicKeyPem: string }[];
  staticTokens?: string[];
  queueCapacity?: number;
  logger?: false | FastifyBaseLogger;
  /** For tests: the clock the simulator and token expiry read (default: the system clock). */
  clock?: Clock;
  /**
   * JSON file that keeps the emulator's whole state (see state-file.ts): read at start when it exists (its seed,
   * timeScale and queueCapacity then win over these options), written after every change.
   */
  stateFile?: string;
}

export interface EmulatorHandle {
  url: string;
  port: number;
  /** In effect: from the options, or from the state file the emulator continued. */
  settings: { seed: number; timeScale: number; queueCapacity: number };
  /** True when the emulator continued from an existing state file. */
  restored: boolean;
  close(): Promise<void>;
}

/** Largest upload accepted (detection feedback images may be 5 MB). */
const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

export function createEmulator(options: EmulatorOptions = {}): Emulator {
  const emulator = new Emulator({
    seed: options.seed ?? 1,
    timeScale: options.timeScale ?? 1,
    queueCapacity: options.queueCapacity ?? 2,
    clock: options.clock ?? systemClock,
  });
  const saved = options.stateFile !== undefined ? readStateFile(options.stateFile) : undefined;
  if (saved) emulator.restore(saved);
  for (const account of options.accounts ?? []) emulator.tokens.addAccount(account.sub, account.publicKeyPem);
  for (const token of options.staticTokens ?? []) emulator.tokens.addStaticToken(token);
  if (options.stateFile !== undefined) {
    const writer = new StateFileWriter(options.stateFile, () => emulator.snapshot(), saved !== undefined);
    writer.start();
    emulator.sink = writer;
  }
  return emulator;
}

export async function buildEmulatorApp(emulator: Emulator, options: EmulatorOptions, publicUrl: () => string): Promise<FastifyInstance> {
  const app = Fastify(options.logger ? { loggerInstance: options.logger } : { logger: false });
  await app.register(formbody);
  await app.register(multipart, { attachFieldsToBody: true, limits: { fileSize: MAX_UPLOAD_BYTES, files: 2, fields: 20 } });
  installPipeline(app, emulator);
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof ApiError) return reply.code(error.status).headers(error.headers).send({ message: error.message });
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== undefined && status >= 400 && status < 500) return reply.code(status).send({ message: (error as Error).message });
    request.log.error({ err: error }, 'emulator handler failed');
    return reply.code(500).send({ message: 'Internal server error' });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ message: `No such endpoint in the Einstein emulator: ${request.method} ${request.url.split('?')[0]}` }),
  );
  registerApiRoutes(app, emulator, publicUrl);
  registerControlRoutes(app, emulator);
  // A request held by a latency fault would keep close() waiting for minutes: cut it short, unanswered.
  app.addHook('preClose', async () => emulator.abortHolds());
  app.addHook('onClose', async () => emulator.sink.flush());
  return app;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const emulator = createEmulator(options);
  let url = '';
  const app = await buildEmulatorApp(emulator, options, () => url);
  await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  const host = options.host ?? '127.0.0.1';
  url = `http://${displayHost(host)}:${port}`;
  const restored = emulator.sink instanceof StateFileWriter && emulator.sink.restored;
  return { url, port, settings: emulator.settings, restored, close: () => app.close() };
}

/** 0.0.0.0 and :: are bind addresses, not reachable ones: advertise loopback. IPv6 literals need brackets. */
function displayHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
