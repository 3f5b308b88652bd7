import { Registry } from 'prom-client';
import { SinkConfigError, parseSinksConfig, sinksFromConfig } from '../../../src/sinks';

const SECRET = 'config-secret-do-not-print-42';
const silentLogger = { info: () => undefined, warn: () => undefined };

function configError(input: unknown): SinkConfigError {
  try {
    parseSinksConfig(input);
  } catch (error) {
    if (error instanceof SinkConfigError) return error;
    throw error;
  }
  throw new Error('expected a SinkConfigError');
}

describe('sinks configuration', () => {
  it('defaults to the log sink only', () => {
    expect(parseSinksConfig(undefined)).toEqual({ log: true, prometheus: false });
    expect(sinksFromConfig({}, { logger: silentLogger }).map((sink) => sink.name)).toEqual(['log']);
  });

  it('builds every configured sink, local ones first, with the webhook timeout default', () => {
    const config = parseSinksConfig({
      jsonlFile: '/tmp/reports.jsonl',
      webhook: { url: 'https://hooks.example.com/einstein', secret: SECRET },
      prometheus: true,
    });
    expect(config.webhook?.timeoutMs).toBe(10_000);
    const sinks = sinksFromConfig(config, { logger: silentLogger, registry: new Registry() });
    expect(sinks.map((sink) => sink.name)).toEqual(['log', 'jsonl', 'webhook', 'prometheus']);
  });

  it.each([
    [{ webhook: { url: 'ftp://hooks.example.com', secret: SECRET } }, 'sinks.webhook.url: expected an absolute http:// or https:// URL'],
    [{ webhook: { url: 'not a url', secret: SECRET } }, 'sinks.webhook.url: expected an absolute http:// or https:// URL'],
    [{ webhook: { url: 'https://h.example.com', secret: 'short' } }, 'sinks.webhook.secret: expected at least 16 characters'],
    [{ webhook: { url: 'https://h.example.com' } }, 'sinks.webhook.secret: expected a string'],
    [{ webhook: { url: 'https://h.example.com', secret: SECRET, timeoutMs: 5 } }, 'sinks.webhook.timeoutMs: expected 100 to 300000 milliseconds'],
    [{ log: 'yes' }, 'sinks.log: expected true or false'],
    [{ jsonlFile: '' }, 'sinks.jsonlFile: expected a non-empty file path'],
    [{ jsonFile: '/tmp/x' }, 'sinks: Unrecognized key: "jsonFile"'],
    [{ log: false }, 'sinks: enable at least one sink (log, jsonlFile, webhook, prometheus or history)'],
  ])('rejects %j naming the field', (input, expected) => {
    const error = configError(input);
    expect(error.code).toBe('SINK_CONFIG_INVALID');
    expect(error.issues.some((issue) => issue.startsWith(expected))).toBe(true);
  });

  it('never quotes the secret in its errors', () => {
    const error = configError({ webhook: { url: 'mailto:ops@example.com', secret: SECRET, timeoutMs: 'slow' } });
    expect(error.issues).toHaveLength(2);
    expect(JSON.stringify({ message: error.message, issues: error.issues, stack: error.stack })).not.toContain(SECRET);
  });

  it('lets the caller name where the configuration lives', () => {
    expect(() => parseSinksConfig({ log: 1 }, 'config.reports')).toThrow(/config\.reports\.log: /);
  });
});
