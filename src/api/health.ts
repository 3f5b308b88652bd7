// GET /healthz and the Temporal reachability behind it.
import type { ConnectionLike } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';

// Temporal reachability for GET /healthz. The answer is reused for a short while: /healthz needs no credentials,
// so a flood of health checks must not become a flood of Temporal calls.
/** Resolves when Temporal answers, rejects when it does not. */
export type TemporalProbe = () => Promise<void>;

export interface TemporalReachability {
  reachable: boolean;
  checkedAt: string;
  /** Why Temporal was not reachable (the gRPC error, without metadata). */
  error?: string;
}

/** A probe that asks the frontend for its system info, with a deadline. */
export function temporalProbe(connection: ConnectionLike, timeoutMs = 2_000): TemporalProbe {
  return async () => {
    await connection.withDeadline(Date.now() + timeoutMs, () => connection.workflowService.getSystemInfo({}));
  };
}

export class TemporalHealth {
  private last?: { atMs: number; result: TemporalReachability };
  private inFlight?: Promise<TemporalReachability>;

  constructor(
    private readonly probe: TemporalProbe,
    private readonly cacheMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  check(): Promise<TemporalReachability> {
    if (this.last && this.now() - this.last.atMs < this.cacheMs) return Promise.resolve(this.last.result);
    this.inFlight ??= this.run().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async run(): Promise<TemporalReachability> {
    const atMs = this.now();
    const checkedAt = new Date(atMs).toISOString();
    let result: TemporalReachability;
    try {
      await this.probe();
      result = { reachable: true, checkedAt };
    } catch (error) {
      result = { reachable: false, checkedAt, error: describe(error) };
    }
    this.last = { atMs, result };
    return result;
  }
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.slice(0, 200);
}

// GET /healthz (no credentials): 200 while Temporal answers, 503 while it does not, so a load balancer or a
// readiness probe takes the API out of rotation when triggers could not be delivered.
export function registerHealthRoute(app: FastifyInstance, health: TemporalHealth): void {
  app.get('/healthz', async (_request, reply) => {
    const temporal = await health.check();
    if (temporal.reachable) return reply.code(200).send({ status: 'ok', temporal });
    return reply.code(503).header('retry-after', '5').send({ status: 'unavailable', temporal });
  });
}
