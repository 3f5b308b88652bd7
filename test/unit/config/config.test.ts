import { loadConfig } from '../../../src/config';
import { configIssues } from './config-issues';

const PEM = '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n';

const issues = (env: NodeJS.ProcessEnv) => configIssues(loadConfig, env);

describe('loadConfig', () => {
  it('has visible defaults and the embedded emulator when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ taskQueue: 'einstein-retrain', maxApiCallsPerSecond: 20, metricsPort: 9464, logLevel: 'info' });
    expect(config.einstein).toBeUndefined();
    expect(config.sinks).toMatchObject({ log: true, prometheus: true });
  });

  it('picks the JWT flow from an account id and a key', () => {
    const config = loadConfig({ EINSTEIN_BASE_URL: 'https://api.einstein.ai', EINSTEIN_ACCOUNT_ID: 'me@example.com', EINSTEIN_PRIVATE_KEY: PEM });
    expect(config.einstein).toEqual({
      baseUrl: 'https://api.einstein.ai',
      auth: { mode: 'jwt', accountId: 'me@example.com', privateKey: { pem: PEM }, validForSeconds: 3600 },
    });
  });

  it('picks refresh-token and static-token modes', () => {
    expect(loadConfig({ EINSTEIN_BASE_URL: 'https://x.test', EINSTEIN_REFRESH_TOKEN: 'R' }).einstein?.auth.mode).toBe('refresh');
    expect(loadConfig({ EINSTEIN_BASE_URL: 'https://x.test', EINSTEIN_ACCESS_TOKEN: 'A' }).einstein?.auth.mode).toBe('static');
  });

  it('names the variable and what it accepts, never the value', () => {
    const found = issues({ EINSTEIN_RETRAIN_METRICS_PORT: '99999', LOG_LEVEL: 'loud', EINSTEIN_RETRAIN_LOG_REPORTS: 'maybe' });
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^EINSTEIN_RETRAIN_METRICS_PORT: expected an integer from 0 to 65535/),
        expect.stringMatching(/^LOG_LEVEL: expected one of trace/),
        expect.stringMatching(/^EINSTEIN_RETRAIN_LOG_REPORTS: expected true or false/),
      ]),
    );
  });

  it.each(['1e-9', '0', '0.09', '10001', '-5', '0x10', 'fast'])('refuses an API rate limit of %p, naming the variable and the range', (rate) => {
    expect(issues({ EINSTEIN_RETRAIN_MAX_API_CALLS_PER_SECOND: rate })).toEqual([
      'EINSTEIN_RETRAIN_MAX_API_CALLS_PER_SECOND: expected a number from 0.1 to 10000 (activity tasks started per second)',
    ]);
  });

  it.each([
    ['0.1', 0.1],
    ['2.5', 2.5],
    ['10000', 10_000],
  ])('accepts an API rate limit of %p', (rate, value) => {
    expect(loadConfig({ EINSTEIN_RETRAIN_MAX_API_CALLS_PER_SECOND: rate }).maxApiCallsPerSecond).toBe(value);
  });

  it('refuses an empty metrics port instead of reading it as 0 (off) or as the default', () => {
    expect(issues({ EINSTEIN_RETRAIN_METRICS_PORT: '' })).toEqual([
      'EINSTEIN_RETRAIN_METRICS_PORT: expected an integer from 0 to 65535; it is set but empty: give a value, or unset it',
    ]);
    expect(loadConfig({ EINSTEIN_RETRAIN_METRICS_PORT: '0' }).metricsPort).toBe(0);
  });

  it.each([
    ['EINSTEIN_RETRAIN_METRICS_PORT', '0x1F90', 'expected an integer from 0 to 65535'],
    ['EINSTEIN_RETRAIN_METRICS_PORT', ' 9464', 'expected an integer from 0 to 65535'],
    ['EINSTEIN_TOKEN_TTL_SECONDS', '36e2', 'expected an integer from 60 to 2592000'],
  ])('reads integers as decimal digits only: %s=%p is refused', (variable, value, message) => {
    expect(issues({ [variable]: value })).toEqual([`${variable}: ${message}`]);
  });

  it.each(['EINSTEIN_RETRAIN_TASK_QUEUE', 'EINSTEIN_RETRAIN_METRICS_HOST', 'LOG_LEVEL', 'EINSTEIN_RETRAIN_LOG_REPORTS', 'EINSTEIN_RETRAIN_JSONL_FILE'])(
    'refuses %s set to an empty value, saying so',
    (variable) => {
      expect(issues({ [variable]: '' })).toEqual([expect.stringMatching(new RegExp(`^${variable}: expected .*; it is set but empty`))]);
    },
  );

  it('asks for credentials when a real Einstein URL is set without them', () => {
    expect(issues({ EINSTEIN_BASE_URL: 'https://api.einstein.ai' })[0]).toMatch(/EINSTEIN_ACCOUNT_ID/);
  });

  it('refuses half a webhook configuration and never quotes the secret', () => {
    const secret = 'super-secret-value-123456';
    const found = issues({ EINSTEIN_RETRAIN_WEBHOOK_SECRET: secret });
    expect(found[0]).toMatch(/EINSTEIN_RETRAIN_WEBHOOK_URL and EINSTEIN_RETRAIN_WEBHOOK_SECRET/);
    expect(found.join(' ')).not.toContain(secret);
  });
});
