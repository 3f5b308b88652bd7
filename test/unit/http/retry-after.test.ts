import { DEFAULT_RETRY_AFTER_CEILING_MS, parseRetryAfter } from '../../../src/http/retry-after';

describe('parseRetryAfter', () => {
  const now = Date.parse('2024-01-01T00:00:00Z');

  it('reads delay-seconds', () => {
    expect(parseRetryAfter('120', { now })).toBe(120_000);
    expect(parseRetryAfter(' 0 ', { now })).toBe(0);
  });

  it('reads an HTTP date relative to now, and never returns a negative delay', () => {
    expect(parseRetryAfter('Mon, 01 Jan 2024 00:00:30 GMT', { now })).toBe(30_000);
    expect(parseRetryAfter('Sun, 31 Dec 2023 23:59:00 GMT', { now })).toBe(0);
  });

  it('ignores absent or unreadable values', () => {
    for (const value of [undefined, '', '   ', 'soon', '1.5', '-3', '12abc']) {
      expect(parseRetryAfter(value, { now })).toBeUndefined();
    }
  });

  it('cuts a long wait to the ceiling: a day-long Retry-After does not park a run for a day', () => {
    expect(parseRetryAfter('86400', { now })).toBe(DEFAULT_RETRY_AFTER_CEILING_MS);
    expect(parseRetryAfter('Tue, 02 Jan 2024 00:00:00 GMT', { now })).toBe(DEFAULT_RETRY_AFTER_CEILING_MS);
    expect(parseRetryAfter('86400', { now, ceilingMs: 60_000 })).toBe(60_000);
    expect(parseRetryAfter('30', { now, ceilingMs: 60_000 })).toBe(30_000);
  });

  it('reads the first of a repeated header', () => {
    expect(parseRetryAfter(['7', '99'], { now })).toBe(7_000);
  });
});
