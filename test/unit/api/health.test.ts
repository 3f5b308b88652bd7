import { TemporalHealth } from '../../../src/api/health';
import { buildTestApp } from './harness';

describe('GET /healthz', () => {
  it('is 503 with Retry-After while Temporal does not answer, and 200 once it does', async () => {
    let up = false;
    const api = await buildTestApp({
      probe: async () => {
        if (!up) throw new Error('14 UNAVAILABLE: No connection established\nmore detail');
      },
    });
    const down = await api.app.inject({ method: 'GET', url: '/healthz' });
    expect(down.statusCode).toBe(503);
    expect(down.headers['retry-after']).toBe('5');
    expect(down.json()).toMatchObject({ status: 'unavailable', temporal: { reachable: false, error: '14 UNAVAILABLE: No connection established' } });
    up = true;
    const ok = await api.app.inject({ method: 'GET', url: '/healthz' });
    expect(ok.statusCode).toBe(200);
    await api.close();
  });

  it('reuses an answer for the cache period and shares one probe among concurrent checks', async () => {
    let probes = 0;
    let now = 0;
    const health = new TemporalHealth(async () => void probes++, 2_000, () => now);
    await Promise.all([health.check(), health.check(), health.check()]);
    expect(probes).toBe(1);
    now = 1_999;
    await health.check();
    expect(probes).toBe(1);
    now = 2_000;
    await health.check();
    expect(probes).toBe(2);
  });
});
