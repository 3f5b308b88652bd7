import { InvalidArgumentError } from 'commander';
import { integerIn, integerListIn, workerEnvPairs } from '../../../bench/lib/args';
import { summarizeLoad } from '../../../bench/lib/machine-load';

describe('bench argument parsers', () => {
  it('integerIn accepts an integer in range and names the option otherwise', () => {
    const parse = integerIn('--count', 1, 1000);
    expect(parse('600')).toBe(600);
    expect(() => parse('0')).toThrow(new InvalidArgumentError('--count must be an integer from 1 to 1000, got "0"'));
    expect(() => parse('1.5')).toThrow(/--count must be an integer/);
    expect(() => parse('ten')).toThrow(/--count must be an integer/);
  });

  it('integerListIn parses a comma-separated list, checking each value and refusing repeats', () => {
    const parse = integerListIn('--n', 1, 5000);
    expect(parse('100,500, 1000')).toEqual([100, 500, 1000]);
    expect(() => parse('100,100')).toThrow(/--n must not repeat a value/);
    expect(() => parse('100,9000')).toThrow(/--n must be an integer from 1 to 5000, got "9000"/);
    expect(() => parse(',')).toThrow(/comma-separated list/);
  });

  it('workerEnvPairs reads NAME=value pairs and refuses anything else', () => {
    expect(workerEnvPairs('MALLOC_ARENA_MAX=2, EINSTEIN_RETRAIN_MAX_CACHED_WORKFLOWS=250')).toEqual({ MALLOC_ARENA_MAX: '2', EINSTEIN_RETRAIN_MAX_CACHED_WORKFLOWS: '250' });
    expect(() => workerEnvPairs('MALLOC_ARENA_MAX')).toThrow(/--worker-env must be comma-separated NAME=value pairs, got "MALLOC_ARENA_MAX"/);
  });
});

describe('machine load summary', () => {
  it('gives the first, highest, mean and last 1-minute load', () => {
    expect(summarizeLoad([2, 6, 4])).toMatchObject({ start: 2, max: 6, mean: 4, end: 4 });
  });
});
