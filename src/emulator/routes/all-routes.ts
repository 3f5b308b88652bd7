/**
 * Every /v2 route of the emulator, for both domains.
 */
import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator';
import type { Domain } from '../state/fixture';
import { registerTokenRoute } from './token';
import { registerTrainingRoutes } from './training';
import { registerModelRoutes } from './models';
import { registerDatasetRoutes } from './datasets';
import { registerFeedbackRoutes } from './feedback';
import { registerUsageRoute } from './usage';

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
