// Signatures already accepted, remembered until their timestamp leaves the tolerance window (after that the
// timestamp check refuses them anyway). The cache is per process and bounded: when it is full of live entries the
// oldest is forgotten. With several API replicas, or past that bound, a replay can reach the client API; the
// coordinator's eventId/requestId dedupe still turns it into no second trigger.

export class ReplayCache {
  /** signature → epoch ms after which it may be forgotten; Map keeps insertion order for eviction. */
  private readonly seen = new Map<string, number>();
  private lastSweepMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly maxEntries: number) {}

  /** Remembers `signature` until `expiresAtMs`; false when it was already seen (a replay). */
  remember(signature: string, expiresAtMs: number, nowMs: number): boolean {
    const known = this.seen.get(signature);
    if (known !== undefined && known >= nowMs) return false;
    if (known !== undefined) this.seen.delete(signature);
    if (this.seen.size >= this.maxEntries) this.makeRoom(nowMs);
    this.seen.set(signature, expiresAtMs);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  private makeRoom(nowMs: number): void {
    // A full sweep costs O(size): at most one a second, so a flood of signed requests stays cheap to refuse.
    if (nowMs - this.lastSweepMs >= 1_000) {
      this.lastSweepMs = nowMs;
      for (const [signature, expiresAtMs] of this.seen) {
        if (expiresAtMs < nowMs) this.seen.delete(signature);
      }
    }
    if (this.seen.size < this.maxEntries) return;
    const oldest = this.seen.keys().next();
    if (!oldest.done) this.seen.delete(oldest.value);
  }
}
