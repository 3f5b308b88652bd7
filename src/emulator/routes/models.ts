/** GET /models/{modelId}, GET /models/{modelId}/lc, DELETE /models/{modelId} for one domain. */
import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator';
import type { Domain } from '../state/fixture';
import { deleteModel, learningCurve, modelMetrics } from './model-actions';
import { parsePage } from './paging';

type ModelRequest = { Params: { modelId: string } };

export function registerModelRoutes(app: FastifyInstance, em: Emulator, domain: Domain): void {
  app.get<ModelRequest>(`/v2/${domain}/models/:modelId`, async (request) => modelMetrics(em, domain, request.params.modelId));
  app.get<ModelRequest>(`/v2/${domain}/models/:modelId/lc`, async (request) =>
    learningCurve(em, domain, request.params.modelId, parsePage(request.query, { count: 25, maxCount: 25 })),
  );
  app.delete<ModelRequest>(`/v2/${domain}/models/:modelId`, async (request) => deleteModel(em, domain, request.params.modelId));
}
