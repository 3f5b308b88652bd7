import { createHmac } from 'node:crypto';
import { signWebhookBody, verifyWebhookSignature } from '../../../src/sinks';

const SECRET = 'whsec-test-0123456789abcdef';
const NOW_MS = 1_714_557_600_000; // 2024-05-01T10:00:00Z
const TIMESTAMP = String(NOW_MS / 1000);
const BODY = JSON.stringify({ reportId: 'retrain-X:run-1', outcome: 'SUCCEEDED' });

describe('webhook signatures', () => {
  const header = signWebhookBody(SECRET, TIMESTAMP, BODY);

  it('signs "<timestamp>.<body>" with HMAC-SHA256 as sha256=<hex>', () => {
    const independent = createHmac('sha256', SECRET).update(`${TIMESTAMP}.${BODY}`).digest('hex');
    expect(header).toBe(`sha256=${independent}`);
  });

  it('accepts a good signature, from a string or the raw bytes', () => {
    expect(verifyWebhookSignature(SECRET, TIMESTAMP, BODY, header, { nowMs: NOW_MS })).toEqual({ valid: true });
    const bytes = new TextEncoder().encode(BODY);
    expect(verifyWebhookSignature(SECRET, TIMESTAMP, bytes, header, { nowMs: NOW_MS + 60_000 })).toEqual({ valid: true });
  });

  it('rejects a signature made with another secret', () => {
    const result = verifyWebhookSignature('another-secret-0123456789', TIMESTAMP, BODY, header, { nowMs: NOW_MS });
    expect(result).toEqual({ valid: false, reason: 'SIGNATURE_MISMATCH' });
  });

  it('rejects a tampered body', () => {
    const tampered = BODY.replace('SUCCEEDED', 'FAILED');
    expect(verifyWebhookSignature(SECRET, TIMESTAMP, tampered, header, { nowMs: NOW_MS })).toEqual({
      valid: false,
      reason: 'SIGNATURE_MISMATCH',
    });
  });

  it('rejects a replayed body under a new timestamp', () => {
    const later = String(Number(TIMESTAMP) + 10);
    expect(verifyWebhookSignature(SECRET, later, BODY, header, { nowMs: NOW_MS })).toEqual({
      valid: false,
      reason: 'SIGNATURE_MISMATCH',
    });
  });

  it('rejects a stale or far-future timestamp outside the tolerance, and accepts one at its edge', () => {
    const options = { toleranceSeconds: 300 };
    expect(verifyWebhookSignature(SECRET, TIMESTAMP, BODY, header, { ...options, nowMs: NOW_MS + 301_000 })).toEqual({
      valid: false,
      reason: 'STALE_TIMESTAMP',
    });
    expect(verifyWebhookSignature(SECRET, TIMESTAMP, BODY, header, { ...options, nowMs: NOW_MS - 301_000 })).toEqual({
      valid: false,
      reason: 'STALE_TIMESTAMP',
    });
    expect(verifyWebhookSignature(SECRET, TIMESTAMP, BODY, header, { ...options, nowMs: NOW_MS + 300_000 })).toEqual({
      valid: true,
    });
  });

  it.each([
    [undefined, 'MALFORMED_SIGNATURE'],
    ['', 'MALFORMED_SIGNATURE'],
    ['sha1=abcdef', 'MALFORMED_SIGNATURE'],
    ['sha256=xyz', 'MALFORMED_SIGNATURE'],
    [`sha256=${'a'.repeat(63)}`, 'MALFORMED_SIGNATURE'],
  ])('rejects a malformed signature header %p', (badHeader, reason) => {
    expect(verifyWebhookSignature(SECRET, TIMESTAMP, BODY, badHeader, { nowMs: NOW_MS })).toEqual({ valid: false, reason });
  });

  it.each(['', 'yesterday', '1714557600.5', '-1'])('rejects a malformed timestamp %p', (badTimestamp) => {
    expect(verifyWebhookSignature(SECRET, badTimestamp, BODY, header, { nowMs: NOW_MS })).toEqual({
      valid: false,
      reason: 'MALFORMED_TIMESTAMP',
    });
  });
});
