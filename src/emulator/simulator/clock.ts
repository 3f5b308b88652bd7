/**
 * The emulator never reads the wall clock directly: the simulator computes every training's state lazily from an
 * injected clock, so unit tests drive time by hand instead of sleeping.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  nowMs(): number;
}

export const systemClock: Clock = { nowMs: () => Date.now() };

/** A clock that only moves when told to. */
export class ManualClock implements Clock {
  constructor(private current = Date.UTC(2024, 0, 15, 9, 0, 0)) {}

  nowMs(): number {
    return this.current;
  }

  advanceMs(ms: number): void {
    if (ms < 0) throw new Error('ManualClock cannot go back in time');
    this.current += ms;
  }

  advanceSeconds(seconds: number): void {
    this.advanceMs(seconds * 1000);
  }
}
