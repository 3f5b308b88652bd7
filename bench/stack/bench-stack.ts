/**
 * The stack a scale or overhead phase runs on: a fresh Temporal dev server and emulator (startEmbeddedStack), a
 * static access token for the bench's own calls and the worker, a Temporal client, and the fixture models.
 */
import { Client, Connection } from '@temporalio/client';
import { randomBytes } from 'node:crypto';
import { request } from 'undici';
import { startEmbeddedStack, type EmbeddedStack } from '../../src/embedded-stack';
import { EmulatorControl } from '../../src/emulator/control/control-client';

export interface BenchStack {
  embedded: EmbeddedStack;
  temporalAddress: string;
  /** Pid of the Temporal dev server process. */
  serverPid: number;
  einsteinBaseUrl: string;
  accessToken: string;
  control: EmulatorControl;
  client: Client;
  stop(): Promise<void>;
}

export async function startBenchStack(options: { seed: number; timeScale: number; queueCapacity: number }): Promise<BenchStack> {
  const embedded = await startEmbeddedStack({ seed: options.seed, timeScale: options.timeScale, queueCapacity: options.queueCapacity });
  try {
    const temporal = embedded.temporal;
    const emulator = embedded.emulator;
    if (!temporal || !emulator) throw new Error('the embedded stack did not start both Temporal and the emulator');
    const control = new EmulatorControl(emulator.url);
    const accessToken = randomBytes(32).toString('hex').toUpperCase();
    await control.addStaticToken(accessToken);
    const connection = await Connection.connect({ address: temporal.address });
    return {
      embedded,
      temporalAddress: temporal.address,
      serverPid: temporal.pid,
      einsteinBaseUrl: emulator.url,
      accessToken,
      control,
      client: new Client({ connection }),
      stop: async () => {
        await connection.close();
        await embedded.stop();
      },
    };
  } catch (error) {
    await embedded.stop();
    throw error;
  }
}

export type BenchDomain = 'vision' | 'language';

/** A model the bench can retrain: its own dataset (one training per dataset), trained once already. */
export interface FixtureModel {
  modelId: string;
  domain: BenchDomain;
  datasetId: number;
}

export interface FixtureModelSpec {
  domain: BenchDomain;
  type: 'image' | 'image-multi-label' | 'text-intent' | 'text-sentiment';
  /** Examples per label (two labels); the emulator plans epochs from the dataset size. */
  examplesPerLabel: number;
}

/**
 * Creates one dataset and one trained model per spec through the API (POST datasets, examples through the control
 * API, POST train). The first trainings end at once: a `*` plan with a tiny duration precedes each POST train.
 */
export async function createFixtureModels(stack: BenchStack, specs: readonly FixtureModelSpec[], concurrency = 16): Promise<FixtureModel[]> {
  const datasets = await mapLimit(specs, concurrency, async (spec, i) => {
    const dataset = (await api(stack, 'POST', `/v2/${spec.domain}/datasets`, { name: `bench dataset ${i}`, type: spec.type, labels: 'alpha,beta' })) as { id: number };
    await stack.control.addExamples(dataset.id, 'alpha', spec.examplesPerLabel);
    await stack.control.addExamples(dataset.id, 'beta', spec.examplesPerLabel);
    return { spec, datasetId: dataset.id };
  });
  const models: FixtureModel[] = [];
  // One at a time: the `*` plan applies to whichever training comes next.
  for (const [i, { spec, datasetId }] of datasets.entries()) {
    await stack.control.planNextTraining('*', { durationSeconds: 0.001, queueSeconds: 0 });
    const training = (await api(stack, 'POST', `/v2/${spec.domain}/train`, { datasetId: String(datasetId), name: `bench model ${i}` })) as { modelId: string };
    models.push({ modelId: training.modelId, domain: spec.domain, datasetId });
  }
  return models;
}

async function api(stack: BenchStack, method: 'GET' | 'POST', path: string, form?: Record<string, string>): Promise<unknown> {
  const response = await request(`${stack.einsteinBaseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${stack.accessToken}`,
      ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    body: form ? new URLSearchParams(form).toString() : undefined,
  });
  const text = await response.body.text();
  if (response.statusCode >= 300) throw new Error(`bench set-up: ${method} ${path} answered ${response.statusCode}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as unknown;
}

/** Runs `fn` over `items` with at most `limit` in flight; results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T, index);
    }
  });
  await Promise.all(lanes);
  return results;
}
