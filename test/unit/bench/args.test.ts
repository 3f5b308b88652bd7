import { InvalidArgumentError } from 'commander';
import { integerIn, integerListIn } from '../../../bench/lib/args';

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
});
