import { ConfigError } from '../../../src/config';
import { parseTriggerApiConfig, triggerApiConfigFromEnv } from '../../../src/api';

const SECRET = 'hmac-secret-0123456789abcdef';

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    triggerApiConfigFromEnv(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('trigger API configuration', () => {
  it('has visible defaults and reads the HMAC secret', () => {
    expect(triggerApiConfigFromEnv({ EINSTEIN_RETRAIN_API_HMAC_SECRET: SECRET })).toEqual({
      port: 8088,
      host: '127.0.0.1',
      hmacSecret: SECRET,
      bearerTokens: [],
      timestampToleranceSeconds: 300,
      bodyLimitBytes: 65_536,
      replayCacheSize: 100_000,
      healthCacheMs: 2_000,
    });
  });

  it('splits EINSTEIN_RETRAIN_API_TOKENS on commas and reads port, host and tolerance', () => {
    const config = triggerApiConfigFromEnv({
      EINSTEIN_RETRAIN_API_TOKENS: ' token-one-0123456789abcdef, ,token-two-0123456789abcdef ',
      EINSTEIN_RETRAIN_API_PORT: '9000',
      EINSTEIN_RETRAIN_API_HOST: '0.0.0.0',
      EINSTEIN_RETRAIN_API_TIMESTAMP_TOLERANCE_SECONDS: '60',
    });
    expect(config).toMatchObject({ bearerTokens: ['token-one-0123456789abcdef', 'token-two-0123456789abcdef'], port: 9000, host: '0.0.0.0', timestampToleranceSeconds: 60 });
  });

  it('refuses to start without credentials, naming both variables', () => {
    expect(configError({}).issues).toEqual([
      'EINSTEIN_RETRAIN_API_HMAC_SECRET or EINSTEIN_RETRAIN_API_TOKENS: the trigger API needs credentials: set an HMAC secret, bearer tokens, or both',
    ]);
  });

  it('names the variable of a bad value without echoing a secret', () => {
    const error = configError({ EINSTEIN_RETRAIN_API_HMAC_SECRET: 'short-secret', EINSTEIN_RETRAIN_API_TOKENS: `${'t'.repeat(20)},tiny-token`, EINSTEIN_RETRAIN_API_PORT: 'http' });
    expect(error.issues).toEqual(
      expect.arrayContaining([
        'EINSTEIN_RETRAIN_API_HMAC_SECRET: the HMAC secret must be at least 16 characters',
        'EINSTEIN_RETRAIN_API_TOKENS (token 2): each bearer token must be at least 16 characters',
        'EINSTEIN_RETRAIN_API_PORT: port must be an integer from 0 to 65535',
      ]),
    );
    expect(error.message).not.toContain('short-secret');
    expect(error.message).not.toContain('tiny-token');
  });

  it.each([
    ['EINSTEIN_RETRAIN_API_PORT', '0x1F90', 'EINSTEIN_RETRAIN_API_PORT: port must be an integer from 0 to 65535'],
    ['EINSTEIN_RETRAIN_API_BODY_LIMIT_BYTES', '64e3', 'EINSTEIN_RETRAIN_API_BODY_LIMIT_BYTES: bodyLimitBytes must be an integer from 256 to 1048576'],
    ['EINSTEIN_RETRAIN_API_PORT', '', 'EINSTEIN_RETRAIN_API_PORT: port must be an integer from 0 to 65535; it is set but empty'],
    ['EINSTEIN_RETRAIN_API_HOST', '', 'EINSTEIN_RETRAIN_API_HOST: host must be an address to bind, such as 127.0.0.1 or 0.0.0.0; it is set but empty'],
  ])('refuses %s=%p (decimal digits only; an empty value is not taken as unset)', (variable, value, issue) => {
    expect(configError({ EINSTEIN_RETRAIN_API_HMAC_SECRET: SECRET, [variable]: value }).issues).toEqual([issue]);
  });

  it('still takes numbers given in code', () => {
    expect(parseTriggerApiConfig({ hmacSecret: SECRET, port: 0, bodyLimitBytes: 1024 })).toMatchObject({ port: 0, bodyLimitBytes: 1024 });
  });
});
