import type { FormData } from 'undici';
import { feedbackForm, retrainForm, trainForm } from '../../../src/einstein/multipart';

/** The form as name → text (files as `file:<name>`). */
const fields = (form: FormData) =>
  Object.fromEntries([...form.entries()].map(([key, value]) => [key, typeof value === 'string' ? value : `file:${value.name}`]));

describe('multipart bodies', () => {
  it('retrain: every value is a text field and trainParams is a JSON string', () => {
    const form = retrainForm({
      modelId: 'M',
      epochs: 3,
      learningRate: 0.0001,
      algorithm: 'object-detection-v2',
      trainParams: { withFeedback: true, trainSplitRatio: 0.8 },
    });
    expect(fields(form)).toEqual({
      modelId: 'M',
      epochs: '3',
      learningRate: '0.0001',
      algorithm: 'object-detection-v2',
      trainParams: '{"withFeedback":true,"trainSplitRatio":0.8}',
    });
  });

  it('train: datasetId and name; absent options are not sent (Einstein then uses its defaults)', () => {
    expect(fields(trainForm({ datasetId: 57, name: 'Beach', trainParams: {} }))).toEqual({ datasetId: '57', name: 'Beach' });
  });

  it('feedback: an image file for vision, a document for language', async () => {
    const data = { bytes: new Uint8Array([137, 80]), filename: 'a.png' };
    const vision = feedbackForm({ modelId: 'M', expectedLabel: 'beach', data });
    expect(fields(vision)).toEqual({ modelId: 'M', expectedLabel: 'beach', data: 'file:a.png' });
    const file = vision.get('data') as Blob;
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(new Uint8Array([137, 80]));
    expect(fields(feedbackForm({ modelId: 'M', expectedLabel: 'weather', document: 'is it snowing', name: 'n1' }))).toEqual({
      modelId: 'M',
      expectedLabel: 'weather',
      name: 'n1',
      document: 'is it snowing',
    });
  });
});
