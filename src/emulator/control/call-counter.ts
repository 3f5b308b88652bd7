/**
 * Counts calls to /v2 per endpoint key ("METHOD /route/:param") and per model, for tests and benchmarks.
 */
import type { CallCounts } from './control-types';

export class CallCounter {
  private total = 0;
  private byEndpoint = new Map<string, number>();
  private byModel = new Map<string, Map<string, number>>();

  count(endpoint: string): void {
    this.total += 1;
    this.byEndpoint.set(endpoint, (this.byEndpoint.get(endpoint) ?? 0) + 1);
  }

  attribute(modelId: string, endpoint: string): void {
    const counts = this.byModel.get(modelId) ?? new Map<string, number>();
    counts.set(endpoint, (counts.get(endpoint) ?? 0) + 1);
    this.byModel.set(modelId, counts);
  }

  snapshot(): CallCounts {
    const byModel: CallCounts['byModel'] = {};
    for (const [modelId, counts] of this.byModel) byModel[modelId] = Object.fromEntries(counts);
    return { total: this.total, byEndpoint: Object.fromEntries(this.byEndpoint), byModel };
  }

  /** The counter a snapshot was taken of (the state file's call counts). */
  static restore(counts: CallCounts): CallCounter {
    const counter = new CallCounter();
    counter.total = counts.total;
    counter.byEndpoint = new Map(Object.entries(counts.byEndpoint));
    for (const [modelId, perEndpoint] of Object.entries(counts.byModel)) counter.byModel.set(modelId, new Map(Object.entries(perEndpoint)));
    return counter;
  }
}
