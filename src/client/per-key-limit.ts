// At most `limit` calls in flight per key within this process; the rest wait their turn in order. Temporal admits
// only a few in-flight updates per workflow (history.maxInFlightUpdates, 10 by default) and answers more with
// RESOURCE_EXHAUSTED, which the SDK retries with backoff: a burst is far faster when it queues here instead.
export class PerKeyLimit {
  private readonly lanes = new Map<string, { active: number; waiting: Array<() => void> }>();

  constructor(private readonly limit: number) {}

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const lane = this.lanes.get(key) ?? { active: 0, waiting: [] };
    this.lanes.set(key, lane);
    if (lane.active >= this.limit) await new Promise<void>((resolve) => lane.waiting.push(resolve));
    else lane.active++;
    try {
      return await fn();
    } finally {
      const next = lane.waiting.shift();
      if (next) next(); // hands its slot over: `active` stays the same
      else if (--lane.active === 0) this.lanes.delete(key);
    }
  }
}
