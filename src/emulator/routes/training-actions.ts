/**
 * POST train, POST retrain and GET /train/{modelId}: the rules of docs/einstein-api.md §2–§3 on top of the simulator.
 */
import type { Emulator, TerminalRead } from '../emulator';
import { badRequest } from './errors';
import type { Domain } from '../state/fixture';
import { textField, type Form } from './form';
import { randomModelId } from '../state/ids';
import { findModel, parseDatasetId, refuseIfBusy, trainableDataset } from './lookups';
import type { ModelState, TrainingParams } from '../state/state';
import { parseTrainingParams, resolveAlgorithm } from './train-params';
import { latestRun, trainingView } from './views';

const MAX_NAME_LENGTH = 180;

export function train(em: Emulator, domain: Domain, form: Form): Record<string, unknown> {
  const datasetId = parseDatasetId(textField(form, 'datasetId'));
  const name = textField(form, 'name');
  if (name === undefined) throw badRequest("The 'name' parameter is required to train a dataset.");
  if (name.length > MAX_NAME_LENGTH) throw badRequest(`name must be at most ${MAX_NAME_LENGTH} characters`);
  const params = parseTrainingParams(form);
  const dataset = trainableDataset(em, domain, datasetId);
  const algorithm = resolveAlgorithm(dataset.type, params.algorithm);
  refuseIfBusy(em, dataset.id);
  const model: ModelState = {
    modelId: randomModelId(em.idRng),
    datasetId: dataset.id,
    domain,
    modelType: dataset.type,
    name,
    ...(algorithm !== undefined ? { algorithm } : {}),
    language: dataset.language,
    createdAtMs: em.nowMs(),
    deleted: false,
    runs: [],
  };
  const run = em.sim.submit({ model, dataset, kind: 'train', params });
  model.runs.push(run);
  model.createdAtMs = em.sim.toMs(run.submittedSim);
  em.store.models.set(model.modelId, model);
  em.recordSubmission(model, run, submittedParams(params, { datasetId: dataset.id, name }));
  return trainingView(em.sim, model, run);
}

export function retrain(em: Emulator, domain: Domain, form: Form): Record<string, unknown> {
  const modelId = textField(form, 'modelId');
  if (modelId === undefined) throw badRequest("The 'modelId' parameter is required to retrain a model.");
  const params = parseTrainingParams(form);
  const model = findModel(em, domain, modelId.trim());
  const dataset = trainableDataset(em, domain, model.datasetId);
  const algorithm = resolveAlgorithm(dataset.type, params.algorithm, model.algorithm);
  refuseIfBusy(em, dataset.id);
  const run = em.sim.submit({ model, dataset, kind: 'retrain', params });
  model.runs.push(run);
  if (algorithm !== undefined) model.algorithm = algorithm;
  em.recordSubmission(model, run, submittedParams(params, { modelId: model.modelId }));
  return trainingView(em.sim, model, run);
}

export function trainingStatus(em: Emulator, domain: Domain, modelId: string): Record<string, unknown> {
  return readTrainingStatus(em, domain, modelId).view;
}

/**
 * GET /train/{modelId}, with what the emulator records of it: when the view shows a terminal status, the read to
 * record if its answer reaches the client. One clock reading serves both, so they never disagree at the boundary.
 */
export function readTrainingStatus(em: Emulator, domain: Domain, modelId: string): { view: Record<string, unknown>; terminalRead?: TerminalRead } {
  const model = findModel(em, domain, modelId);
  const run = latestRun(model);
  const atMs = em.nowMs();
  const seen = em.sim.observe(run, atMs);
  const view = trainingView(em.sim, model, run, seen);
  return seen.terminal ? { view, terminalRead: { modelId: model.modelId, runIndex: model.runs.length - 1, atMs } } : { view };
}

/** What the submission log records: the fields the client sent, as the emulator understood them. */
function submittedParams(params: TrainingParams, extra: Record<string, unknown>): Record<string, unknown> {
  return {
    ...extra,
    ...(params.epochs !== undefined ? { epochs: params.epochs } : {}),
    ...(params.learningRate !== undefined ? { learningRate: params.learningRate } : {}),
    ...(params.algorithm !== undefined ? { algorithm: params.algorithm } : {}),
    ...(params.trainParams !== null ? { trainParams: params.trainParams } : {}),
  };
}
