import { formatDuration, parseDuration } from '../../../src/cli/flags/duration';

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['30m', 1_800_000],
    ['6h', 21_600_000],
    ['2d', 172_800_000],
    ['500ms', 500],
    ['1h30m', 5_400_000],
    ['1.5h', 5_400_000],
    [' 2H ', 7_200_000],
    ['1h 30m', 5_400_000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '6', '10x', 'h', '-5m', '5 minutes', '1h30', 'm30'])('refuses %p', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [450, '450ms'],
    [45_000, '45s'],
    [70_000, '1m10s'],
    [3_600_000, '1h'],
    [5_400_000, '1h30m'],
    [30 * 86_400_000, '30d'],
    [86_400_000 + 3 * 3_600_000 + 5 * 60_000, '1d3h'],
  ])('%d ms reads %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('reads back what parseDuration accepts', () => {
    for (const text of ['90s', '6h', '1h30m', '2d']) expect(parseDuration(formatDuration(parseDuration(text)!))).toBe(parseDuration(text));
  });
});
