/**
 * Typed client of the emulator's control API (/__emulator/...), for tests and benchmarks.
 */
import { request } from 'undici';
import type { CallCounts, FaultRule, Submission, TrainingPlan, TrainingRecords } from './control-types';

export type { CallCounts, FaultRule, PendingFault, Submission, TrainingPlan, TrainingRecord, TrainingRecords } from './control-types';

export class EmulatorControlError extends Error {
  readonly code = 'EMULATOR_CONTROL_FAILED';
  constructor(
    readonly path: string,
    readonly httpStatus: number,
    detail: string,
  ) {
    super(`Emulator control call ${path} failed with HTTP ${httpStatus}: ${detail}`);
    this.name = 'EmulatorControlError';
  }
}

export class EmulatorControl {
  private readonly baseUrl: string;

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  async reset(opts: { seed?: number; timeScale?: number } = {}): Promise<void> {
    await this.call('POST', '/__emulator/reset', opts);
  }

  /**
   * Adds a fault rule. It strikes `times` matching requests (default 1), or every one during `forMs` (extension), each
   * with `probability` when given (extension, seeded). Rules are tried in the order added.
   */
  async addFault(rule: FaultRule): Promise<void> {
    await this.call('POST', '/__emulator/faults', rule);
  }

  async clearFaults(): Promise<void> {
    await this.call('DELETE', '/__emulator/faults');
  }

  async calls(): Promise<CallCounts> {
    return (await this.call('GET', '/__emulator/calls')) as CallCounts;
  }

  async submissions(): Promise<{ byModel: Record<string, number>; log: Submission[] }> {
    return (await this.call('GET', '/__emulator/submissions')) as { byModel: Record<string, number>; log: Submission[] };
  }

  /**
   * Every training accepted since the last reset: when it was submitted, how and when it ends, and the first status
   * read delivered after its end (null: nobody has seen it end). `acceptedByModel` counts them per model.
   */
  async trainings(): Promise<TrainingRecords> {
    return (await this.call('GET', '/__emulator/trainings')) as TrainingRecords;
  }

  /**
   * Shapes the next train/retrain of `modelId` ('*' = the next training of any model): outcome (SUCCEEDED, FAILED,
   * KILLED, FAILED_WITH_RETRIES), failureMsg, durationSeconds, queueSeconds, failAfterEpochs (0: fails during
   * dataset load), earlyStopAfterEpochs (stops mid-way through the next epoch).
   */
  async planNextTraining(modelId: string, plan: TrainingPlan): Promise<void> {
    await this.call('POST', `/__emulator/plans/${encodeURIComponent(modelId)}`, plan);
  }

  async expireTokens(): Promise<void> {
    await this.call('POST', '/__emulator/tokens/expire');
  }

  async addAccount(sub: string, publicKeyPem: string): Promise<void> {
    await this.call('POST', '/__emulator/accounts', { sub, publicKeyPem });
  }

  async addStaticToken(token: string): Promise<void> {
    await this.call('POST', '/__emulator/static-tokens', { token });
  }

  /** Extension: adds `count` uploaded examples to a label of a dataset (as a zip upload would). */
  async addExamples(datasetId: number, label: string, count: number): Promise<void> {
    await this.call('POST', `/__emulator/datasets/${datasetId}/examples`, { label, count });
  }

  async state(): Promise<unknown> {
    return this.call('GET', '/__emulator/state');
  }

  private async call(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
    const response = await request(`${this.baseUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.body.text();
    if (response.statusCode >= 300) throw new EmulatorControlError(path, response.statusCode, text.slice(0, 500));
    return text.length > 0 ? (JSON.parse(text) as unknown) : undefined;
  }
}
