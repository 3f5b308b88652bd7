// Step 4 of a successful retrain: read the new metrics, the "after" picture of the report.
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
