/**
 * GET /v2/apiusage (docs/einstein-api.md §8). The emulator meters no predictions, so it reports one current-month item
 * of the free plan with nothing used (the real free tier would list nothing until the first prediction).
 */
import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator';

const FREE_PREDICTIONS = 2000;

export function registerUsageRoute(app: FastifyInstance, em: Emulator): void {
  app.get('/v2/apiusage', async () => {
    const now = new Date(em.nowMs());
    const startsAt = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const endsAt = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
    return {
      object: 'list',
      data: [
        {
          id: '108',
          organizationId: '2',
          startsAt: startsAt.toISOString(),
          endsAt: endsAt.toISOString(),
          planData: [{ plan: 'FREE', amount: 1, source: 'SALESFORCE' }],
          licenseId: 'emulatorLicense',
          object: 'apiusage',
          predictionsRemaining: FREE_PREDICTIONS,
          predictionsUsed: 0,
          predictionsMax: FREE_PREDICTIONS,
        },
      ],
    };
  });
}
