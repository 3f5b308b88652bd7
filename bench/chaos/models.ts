/**
 * The models a scenario retrains: one fresh dataset and one trained model per retrain (Einstein runs one training
 * per dataset, so distinct datasets let all retrains run at once), created through the emulator's v2 API with the
 * runner's own static token. The first training of each model ends at once (a `*` plan precedes each POST train).
 */
import { request } from 'undici';
import type { EmulatorControl } from '../../src/emulator/control/control-client';

export type Domain = 'vision' | 'language';

export interface ChaosModel {
  modelId: string;
  domain: Domain;
  datasetId: number;
}

interface Api {
  baseUrl: string;
  token: string;
}

async function call(api: Api, method: 'GET' | 'POST', path: string, form?: Record<string, string>): Promise<unknown> {
  const response = await request(`${api.baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${api.token}`,
      ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    body: form ? new URLSearchParams(form).toString() : undefined,
  });
  const text = await response.body.text();
  if (response.statusCode >= 300) throw new Error(`chaos set-up: ${method} ${path} answered ${response.statusCode}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as unknown;
}

/** Creates `count` models, alternating vision image and language intent, each trained once and SUCCEEDED. */
export async function createModels(api: Api, control: EmulatorControl, count: number): Promise<ChaosModel[]> {
  const models: ChaosModel[] = [];
  for (let i = 0; i < count; i++) {
    const domain: Domain = i % 2 === 0 ? 'vision' : 'language';
    const type = domain === 'vision' ? 'image' : 'text-intent';
    const dataset = (await call(api, 'POST', `/v2/${domain}/datasets`, { name: `chaos dataset ${i}`, type, labels: 'alpha,beta' })) as { id: number };
    await control.addExamples(dataset.id, 'alpha', 120);
    await control.addExamples(dataset.id, 'beta', 120);
    // One at a time: the `*` plan shapes whichever training comes next.
    await control.planNextTraining('*', { durationSeconds: 0.001, queueSeconds: 0 });
    const training = (await call(api, 'POST', `/v2/${domain}/train`, { datasetId: String(dataset.id), name: `chaos model ${i}` })) as { modelId: string };
    models.push({ modelId: training.modelId, domain, datasetId: dataset.id });
  }
  // A retrain of a model whose first training still runs would wait it out: start from settled models.
  const deadline = Date.now() + 60_000;
  for (const model of models) {
    for (;;) {
      const status = ((await call(api, 'GET', `/v2/${model.domain}/train/${model.modelId}`)) as { status: string }).status;
      if (status === 'SUCCEEDED') break;
      if (Date.now() > deadline) throw new Error(`chaos set-up: model ${model.modelId} still ${status} after 60 s`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return models;
}
