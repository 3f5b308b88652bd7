// GET /healthz (no credentials): 200 while Temporal answers, 503 while it does not, so a load balancer or a
// readiness probe takes the API out of rotation when triggers could not be delivered.
import type { FastifyInstance } from 'fastify';
import type { TemporalHealth } from './temporal-health';

export function registerHealthRoute(app: FastifyInstance, health: TemporalHealth): void {
  app.get('/healthz', async (_request, reply) => {
    const temporal = await health.check();
    if (temporal.reachable) return reply.code(200).send({ status: 'ok', temporal });
    return reply.code(503).header('retry-after', '5').send({ status: 'unavailable', temporal });
  });
}
