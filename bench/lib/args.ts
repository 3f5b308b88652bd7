/**
 * Argument parsers shared by the bench commands (commander calls them; a bad value stops the command with a message
 * that names the option and what it accepts).
 */
import { InvalidArgumentError } from 'commander';

export function integerIn(option: string, min: number, max: number): (raw: string) => number {
  return (raw) => {
    const value = Number(raw);
    if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
      throw new InvalidArgumentError(`${option} must be an integer from ${min} to ${max}, got "${raw}"`);
    }
    return value;
  };
}

/** "100,500,1000" → [100, 500, 1000]; each in [min, max], no duplicates. */
export function integerListIn(option: string, min: number, max: number): (raw: string) => number[] {
  const one = integerIn(option, min, max);
  return (raw) => {
    const parts = raw.split(',').map((p) => p.trim()).filter((p) => p !== '');
    if (parts.length === 0) throw new InvalidArgumentError(`${option} must be a comma-separated list of integers from ${min} to ${max}, got "${raw}"`);
    const values = parts.map(one);
    if (new Set(values).size !== values.length) throw new InvalidArgumentError(`${option} must not repeat a value, got "${raw}"`);
    return values;
  };
}

/** "A=1,B=x" → { A: '1', B: 'x' }: a worker's further environment; names in the shell's form, values without commas. */
export function workerEnvPairs(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of raw.split(',')) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(pair.trim());
    if (!match) throw new InvalidArgumentError(`--worker-env must be comma-separated NAME=value pairs, got "${pair}"`);
    out[match[1] as string] = match[2] as string;
  }
  return out;
}
