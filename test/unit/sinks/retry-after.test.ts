import { parseRetryAfterMs } from '../../../src/sinks';

describe('parseRetryAfterMs', () => {
  const now = Date.parse('2024-05-01T10:00:00.000Z');

  it('reads delay-seconds', () => {
    expect(parseRetryAfterMs('7', now)).toBe(7_000);
    expect(parseRetryAfterMs(['0'], now)).toBe(0);
  });

  it('reads an HTTP date relative to now, never below zero', () => {
    expect(parseRetryAfterMs('Wed, 01 May 2024 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfterMs('Wed, 01 May 2024 09:59:00 GMT', now)).toBe(0);
  });

  it.each([undefined, '', '  ', 'soon', '-5', '1.5'])('gives undefined for %p', (value) => {
    expect(parseRetryAfterMs(value, now)).toBeUndefined();
  });
});
