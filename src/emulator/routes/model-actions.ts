/**
 * Model endpoints: metrics, learning curve, delete (docs/einstein-api.md §4).
 */
import type { Emulator } from '../emulator';
import { badRequest } from './errors';
import type { Domain } from '../state/fixture';
import { randomModelId } from '../state/ids';
import { findModel } from './lookups';
import type { Page } from './paging';
import { deletionView, lastSucceededRun, learningCurveView, metricsView } from './views';

const NO_METRICS = 'Metrics are not available: the model has no successful training yet.';

export function modelMetrics(em: Emulator, domain: Domain, modelId: string): Record<string, unknown> {
  const model = findModel(em, domain, modelId);
  const run = lastSucceededRun(em.sim, model);
  if (!run) throw badRequest(NO_METRICS);
  return metricsView(em.sim, model, run);
}

export function learningCurve(em: Emulator, domain: Domain, modelId: string, page: Page): Record<string, unknown> {
  const model = findModel(em, domain, modelId);
  const run = lastSucceededRun(em.sim, model);
  if (!run) throw badRequest(NO_METRICS);
  return learningCurveView(model, run, page.offset, page.count);
}

/** Deleting a model that is QUEUED or RUNNING is refused (400), like deleting its dataset (emulator's choice). */
export function deleteModel(em: Emulator, domain: Domain, modelId: string): Record<string, unknown> {
  const model = findModel(em, domain, modelId);
  if (em.sim.isTraining(model)) throw badRequest('The model has a training in progress and cannot be deleted.');
  model.deleted = true;
  model.deletion = {
    id: randomModelId(em.idRng),
    deletedObjectId: model.modelId,
    type: 'MODEL',
    status: 'SUCCEEDED',
    progress: 1,
    createdAtMs: em.nowMs(),
  };
  return deletionView(model.deletion);
}
