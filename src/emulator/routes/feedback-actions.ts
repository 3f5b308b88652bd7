/**
 * POST /v2/{vision,language}/feedback (docs/einstein-api.md §6): adds a correctly labelled example to the dataset the
 * model was built from. It counts in the next training only with trainParams {"withFeedback":true}.
 */
import type { Emulator } from '../emulator';
import { badRequest } from './errors';
import type { Domain } from '../state/fixture';
import { fileField, textField, type Form } from './form';
import { findModel, trainableDataset } from './lookups';
import type { FeedbackExample } from '../state/state';
import { feedbackExampleView } from './views';

const MAX_IMAGE_BYTES = 1024 * 1024;
const MAX_NAME_LENGTH = 180;
const IMAGE_NAME = /\.(png|jpe?g)$/i;
const LOCATION_LIFETIME_MS = 30 * 60 * 1000;

export function createFeedback(em: Emulator, domain: Domain, form: Form): Record<string, unknown> {
  const modelId = textField(form, 'modelId');
  if (modelId === undefined) throw badRequest("The 'modelId' parameter is required.");
  const expectedLabel = textField(form, 'expectedLabel');
  if (expectedLabel === undefined) throw badRequest("The 'expectedLabel' parameter is required.");
  const content = domain === 'vision' ? imageContent(form) : documentContent(form);
  const model = findModel(em, domain, modelId.trim());
  const dataset = trainableDataset(em, domain, model.datasetId);
  if (dataset.type !== 'image' && dataset.type !== 'image-multi-label' && domain === 'vision') {
    throw badRequest('Feedback examples can only be added to image and image-multi-label datasets.');
  }
  const label = dataset.labels.find((l) => l.name === expectedLabel);
  if (!label) throw badRequest(`expectedLabel must be one of the dataset's labels: ${dataset.labels.map((l) => l.name).join(', ')}`);
  const name = (textField(form, 'name') ?? content.defaultName).slice(0, MAX_NAME_LENGTH + 1);
  if (name.length > MAX_NAME_LENGTH) throw badRequest(`name must be at most ${MAX_NAME_LENGTH} characters`);
  if (dataset.feedbackExamples.some((e) => e.name === name)) throw badRequest(`An example named "${name}" already exists in the dataset.`);
  const now = em.nowMs();
  const id = em.store.allocateExampleId();
  const example: FeedbackExample = {
    id,
    name,
    labelId: label.id,
    createdAtMs: now,
    location: content.location ?? `https://emulator.einstein.invalid/examples/${id}?expires=${now + LOCATION_LIFETIME_MS}`,
  };
  dataset.feedbackExamples.push(example);
  label.feedback += 1;
  dataset.updatedAtMs = now;
  return feedbackExampleView(dataset, example);
}

function imageContent(form: Form): { defaultName: string; location?: string } {
  const file = fileField(form, 'data');
  if (!file) throw badRequest("The 'data' parameter (an image file) is required.");
  if (!IMAGE_NAME.test(file.filename)) throw badRequest('data must be a PNG, JPG or JPEG image file');
  if (file.bytes.length === 0) throw badRequest('data must not be empty');
  if (file.bytes.length > MAX_IMAGE_BYTES) throw badRequest('data must be at most 1 MB');
  return { defaultName: file.filename };
}

function documentContent(form: Form): { defaultName: string; location: string } {
  const document = textField(form, 'document');
  if (document === undefined) throw badRequest("The 'document' parameter is required.");
  return { defaultName: document.slice(0, MAX_NAME_LENGTH), location: document };
}
