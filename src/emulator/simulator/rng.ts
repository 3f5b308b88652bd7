/**
 * Seeded pseudo-random numbers. Every random choice of the emulator (ids, durations, metrics) comes from a stream
 * derived from the seed and a label, so the same seed and the same requests replay the same emulator.
 */

export type Range = number | { min: number; max: number };

/** 32-bit hash of a seed and labels (cyrb53, truncated): cheap, well mixed, stable across runs. */
export function deriveSeed(seed: number, ...labels: (string | number)[]): number {
  const text = [seed, ...labels].join('\u0000');
  // The seed enters through the text only: XOR-ing it into the initial state as well lets digits cancel out
  // (seed 1 with "1…" hashes like seed 5 with "5…").
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 ^ h1) >>> 0;
}

/** mulberry32: small, fast, good enough for simulation (not for secrets). */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  static derive(seed: number, ...labels: (string | number)[]): Rng {
    return new Rng(deriveSeed(seed, ...labels));
  }

  /** The whole state of the stream: `new Rng(saved)` continues exactly where this one is (for the state file). */
  savedState(): number {
    return this.state;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Integer uniform in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return Math.floor(this.between(min, max + 1));
  }

  /** A number from a Range: a fixed number stays as it is, {min,max} is drawn uniformly. */
  sample(range: Range): number {
    return typeof range === 'number' ? range : this.between(range.min, Math.max(range.min, range.max));
  }

  /** Symmetric relative jitter: value * (1 ± amount). */
  jitter(value: number, amount: number): number {
    return value * (1 + amount * (2 * this.next() - 1));
  }

  bytes(count: number): Uint8Array {
    const out = new Uint8Array(count);
    for (let i = 0; i < count; i++) out[i] = Math.floor(this.next() * 256);
    return out;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('Rng.pick: empty list');
    return item;
  }
}
