/**
 * Every /v2 route of the emulator, for both domains.
 */
import type { FastifyInstance } from 'fastify';
import type { Emulator } from './emulator';
import type { Domain } from './fixture';
import { registerTokenRoute } from './routes-token';
import { registerTrainingRoutes } from './routes-training';
import { registerModelRoutes } from './routes-models';
import { registerDatasetRoutes } from './routes-datasets';
import { registerFeedbackRoutes } from './routes-feedback';
import { registerUsageRoute } from './routes-usage';

const DOMAINS: Domain[] = ['vision', 'language'];

export function registerApiRoutes(app: FastifyInstance, em: Emulator, publicUrl: () => string): void {
  registerTokenRoute(app, em, publicUrl);
  registerUsageRoute(app, em);
  for (const domain of DOMAINS) {
    registerTrainingRoutes(app, em, domain);
    registerModelRoutes(app, em, domain);
    registerDatasetRoutes(app, em, domain);
    registerFeedbackRoutes(app, em, domain);
  }
}
