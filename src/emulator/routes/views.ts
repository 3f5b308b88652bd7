/**
 * JSON bodies of the API, rendered from the emulator's state in the documented shapes (docs/einstein-api.md §2–§6).
 */
import { learningCurvePoint, modelMetricsData, type MetricsInput } from '../simulator/metrics';
import type { TrainingSimulator } from '../simulator/simulator';
import { totalExamples, type DatasetState, type DeletionState, type FeedbackExample, type LabelState, type ModelState, type TrainingRun } from '../state/state';
import { einsteinDuration, einsteinTimestamp } from './time-format';
import { reportedLearningRate } from '../simulator/training-defaults';
import type { TrainingObservation } from '../simulator/timeline';

export function latestRun(model: ModelState): TrainingRun {
  const run = model.runs[model.runs.length - 1];
  if (!run) throw new Error(`model ${model.modelId} has no training`);
  return run;
}

/** The `training` object of POST train/retrain and GET /train/{modelId}. */
export function trainingView(sim: TrainingSimulator, model: ModelState, run: TrainingRun, at?: TrainingObservation): Record<string, unknown> {
  const seen = at ?? sim.observe(run);
  return {
    ...runHead(sim, model, run, seen),
    learningRate: reportedLearningRate(model.modelType, run.params.learningRate),
    // As in the real service: an unspecified epoch count shows 0 until the training starts.
    epochs: run.params.epochs ?? (seen.status === 'QUEUED' ? 0 : run.epochs),
    ...(seen.queuePosition !== undefined ? { queuePosition: seen.queuePosition } : {}),
    object: 'training',
    modelId: model.modelId,
    trainParams: run.params.trainParams,
    trainStats: seen.terminal ? trainStats(run) : null,
    modelType: model.modelType,
    language: model.language,
    ...(model.algorithm !== undefined ? { algorithm: model.algorithm } : {}),
    ...(seen.failureMsg !== undefined ? { failureMsg: seen.failureMsg } : {}),
    ...(seen.status !== 'QUEUED' ? { earlyStopping: seen.terminal && run.timeline.earlyStopping, lastEpochDone: seen.epochsDone } : {}),
  };
}

function trainStats(run: TrainingRun): Record<string, unknown> {
  const { timeline, snapshot } = run;
  const testSplitSize = Math.round(snapshot.examples * (1 - run.params.trainSplitRatio));
  return {
    labels: snapshot.labels.length,
    examples: snapshot.examples,
    totalTime: einsteinDuration(timeline.datasetLoadSeconds + timeline.trainingSeconds + timeline.modelSaveSeconds),
    transforms: null,
    trainingTime: einsteinDuration(timeline.trainingSeconds),
    earlyStopping: timeline.earlyStopping,
    lastEpochDone: timeline.lastEpochDone,
    modelSaveTime: einsteinDuration(timeline.modelSaveSeconds),
    testSplitSize,
    trainSplitSize: snapshot.examples - testSplitSize,
    datasetLoadTime: einsteinDuration(timeline.datasetLoadSeconds),
    preProcessStats: null,
    postProcessStats: null,
  };
}

/** The fields a training and a model list item share: the model's run as Einstein last reported it. */
function runHead(sim: TrainingSimulator, model: ModelState, run: TrainingRun, seen: TrainingObservation): Record<string, unknown> {
  return {
    datasetId: model.datasetId,
    datasetVersionId: run.datasetVersionId,
    name: model.name,
    status: seen.status,
    progress: seen.progress,
    createdAt: einsteinTimestamp(model.createdAtMs),
    updatedAt: einsteinTimestamp(sim.toMs(run.submittedSim + seen.lastChangeAt)),
  };
}

/** An item of GET /datasets/{id}/models. */
export function modelListItem(sim: TrainingSimulator, model: ModelState): Record<string, unknown> {
  const run = latestRun(model);
  const seen = sim.observe(run);
  return {
    ...runHead(sim, model, run, seen),
    ...(seen.failureMsg !== undefined ? { failureMsg: seen.failureMsg } : {}),
    object: 'model',
    modelId: model.modelId,
    modelType: model.modelType,
    language: model.language,
    ...(model.algorithm !== undefined ? { algorithm: model.algorithm } : {}),
  };
}

/** The latest SUCCEEDED run: metrics survive a later retrain until it succeeds (the model keeps its old version). */
export function lastSucceededRun(sim: TrainingSimulator, model: ModelState): TrainingRun | undefined {
  for (let i = model.runs.length - 1; i >= 0; i--) {
    const run = model.runs[i];
    if (run && sim.observe(run).status === 'SUCCEEDED') return run;
  }
  return undefined;
}

export function metricsInput(model: ModelState, run: TrainingRun): MetricsInput {
  return {
    type: model.modelType,
    snapshot: run.snapshot,
    trainSplitRatio: run.params.trainSplitRatio,
    seed: run.metricsSeed,
    lastEpochDone: run.timeline.lastEpochDone,
  };
}

export function metricsView(sim: TrainingSimulator, model: ModelState, run: TrainingRun): Record<string, unknown> {
  return {
    id: model.modelId,
    createdAt: einsteinTimestamp(sim.toMs(run.submittedSim + run.timeline.endAt)),
    language: model.language,
    ...(model.algorithm !== undefined ? { algorithm: model.algorithm } : {}),
    metricsData: modelMetricsData(metricsInput(model, run)),
    object: 'metrics',
  };
}

export function learningCurveView(model: ModelState, run: TrainingRun, offset: number, count: number): Record<string, unknown> {
  const input = metricsInput(model, run);
  const last = Math.min(run.timeline.lastEpochDone, offset + count);
  const data = [];
  for (let epoch = offset + 1; epoch <= last; epoch++) data.push({ ...learningCurvePoint(input, epoch), object: 'learningcurve' });
  return { object: 'list', data };
}

export function labelView(dataset: DatasetState, label: LabelState): Record<string, unknown> {
  return { id: label.id, datasetId: dataset.id, name: label.name, numExamples: label.uploaded + label.feedback };
}

export function datasetView(dataset: DatasetState): Record<string, unknown> {
  const pending = dataset.status === 'DELETE_PENDING';
  return {
    id: dataset.id,
    name: dataset.name,
    createdAt: einsteinTimestamp(dataset.createdAtMs),
    updatedAt: einsteinTimestamp(dataset.updatedAtMs),
    labelSummary: { labels: dataset.labels.map((l) => labelView(dataset, l)) },
    totalExamples: totalExamples(dataset),
    totalLabels: dataset.labels.length,
    available: !pending,
    statusMsg: pending ? 'DELETE_PENDING' : 'SUCCEEDED',
    type: dataset.type,
    language: dataset.language,
    numOfDuplicates: 0,
    object: 'dataset',
  };
}

export function feedbackExampleView(dataset: DatasetState, example: FeedbackExample): Record<string, unknown> {
  const label = dataset.labels.find((l) => l.id === example.labelId);
  return {
    id: example.id,
    name: example.name,
    location: example.location,
    createdAt: einsteinTimestamp(example.createdAtMs),
    label: label ? labelView(dataset, label) : null,
    object: 'example',
  };
}

/** Uploaded examples are not stored one by one: the n-th example of a label is synthesised on demand. */
export function uploadedExampleView(dataset: DatasetState, label: LabelState, index: number): Record<string, unknown> {
  const extension = dataset.domain === 'vision' ? 'jpg' : 'txt';
  const name = `${label.name}-${String(index + 1).padStart(5, '0')}.${extension}`;
  return {
    id: label.id * 100_000 + index,
    name,
    location: `https://emulator.einstein.invalid/datasets/${dataset.id}/examples/${encodeURIComponent(name)}`,
    createdAt: einsteinTimestamp(dataset.createdAtMs),
    label: labelView(dataset, label),
    object: 'example',
  };
}

export function deletionView(deletion: DeletionState): Record<string, unknown> {
  return {
    id: deletion.id,
    deletedObjectId: deletion.deletedObjectId,
    message: null,
    object: 'deletion',
    organizationId: '108',
    progress: deletion.progress,
    status: deletion.status,
    type: deletion.type,
  };
}
