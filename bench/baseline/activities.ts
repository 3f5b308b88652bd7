/**
 * The baseline's activities: one POST retrain, one GET status — the product's own Einstein client, so both sides of
 * the comparison talk to the emulator the same way.
 */
import type { EinsteinClient } from '../../src/einstein';

export interface BaselineStatus {
  status: string;
  progress: number;
  /** When the answer arrived (epoch ms). */
  atMs: number;
}

export function createBaselineActivities(einstein: EinsteinClient) {
  return {
    async submitRetrain(input: { domain: 'vision' | 'language'; modelId: string }): Promise<BaselineStatus> {
      const training = await einstein.retrain(input.domain, { modelId: input.modelId });
      return { status: training.status, progress: training.progress, atMs: Date.now() };
    },
    async checkStatus(input: { domain: 'vision' | 'language'; modelId: string }): Promise<BaselineStatus> {
      const training = await einstein.getTrainingStatus(input.domain, input.modelId);
      return { status: training.status, progress: training.progress, atMs: Date.now() };
    },
  };
}

export type BaselineActivities = ReturnType<typeof createBaselineActivities>;
