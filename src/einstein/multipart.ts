// multipart/form-data bodies for train, retrain and feedback (docs/einstein-api.md §1–§3, §6): every value is a form
// field; `trainParams` travels as a JSON *string* in its own field.
import { FormData } from 'undici';
import type { FeedbackParams, RetrainParams, TrainRequest } from './types';

type TrainingOptions = Omit<RetrainParams, 'modelId'>;

export function retrainForm(params: RetrainParams): FormData {
  const form = new FormData();
  form.append('modelId', params.modelId);
  appendTrainingOptions(form, params);
  return form;
}

export function trainForm(params: TrainRequest): FormData {
  const form = new FormData();
  form.append('datasetId', String(params.datasetId));
  form.append('name', params.name);
  appendTrainingOptions(form, params);
  return form;
}

export function feedbackForm(params: FeedbackParams): FormData {
  const form = new FormData();
  form.append('modelId', params.modelId);
  form.append('expectedLabel', params.expectedLabel);
  if (params.name !== undefined) form.append('name', params.name);
  if (params.data) form.append('data', new Blob([params.data.bytes]), params.data.filename);
  if (params.document !== undefined) form.append('document', params.document);
  return form;
}

function appendTrainingOptions(form: FormData, options: TrainingOptions): void {
  if (options.algorithm !== undefined) form.append('algorithm', options.algorithm);
  if (options.epochs !== undefined) form.append('epochs', String(options.epochs));
  if (options.learningRate !== undefined) form.append('learningRate', String(options.learningRate));
  if (options.trainParams !== undefined && Object.keys(options.trainParams).length > 0) {
    form.append('trainParams', JSON.stringify(options.trainParams));
  }
}
