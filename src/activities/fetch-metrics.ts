// Reads a model's metrics: the "before" picture when the run first waited out a training that was running when it was
// requested (retrain-model.ts). The "after" picture is read by finish-report.ts, in the activity that builds the report.
import type { Domain, EinsteinClient } from '../einstein';
import type { MetricsSummary } from '../report';
import { readMetrics } from './inspect-model';

export interface FetchMetricsInput {
  domain: Domain;
  modelId: string;
  modelType: string;
}

export async function fetchMetrics(einstein: EinsteinClient, input: FetchMetricsInput): Promise<MetricsSummary | null> {
  return (await readMetrics(einstein, input.domain, input.modelId, input.modelType)) ?? null;
}
