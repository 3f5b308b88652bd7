// Structured logs (pino) for every process, and an adapter so the Temporal SDK logs through the same logger.
import pino, { type Logger } from 'pino';
import { DefaultLogger, type LogLevel } from '@temporalio/worker';

export type { Logger };

/** Log fields that could hold secrets are replaced before anything is written. */
const REDACT = ['*.privateKey', '*.privateKeyPem', '*.accessToken', '*.refreshToken', '*.secret', '*.authorization', '*.assertion'];

export function createLogger(level = 'info', name = 'einstein-retrain'): Logger {
  return pino({ name, level, redact: { paths: REDACT, censor: '[redacted]' } });
}

const SDK_LEVELS: Record<string, LogLevel> = { trace: 'TRACE', debug: 'DEBUG', info: 'INFO', warn: 'WARN', error: 'ERROR', fatal: 'ERROR', silent: 'ERROR' };

/** A Temporal SDK logger that writes through pino. */
export function sdkLogger(logger: Logger): DefaultLogger {
  return new DefaultLogger(SDK_LEVELS[logger.level] ?? 'INFO', (entry) => {
    const method = entry.level === 'TRACE' ? 'trace' : entry.level === 'DEBUG' ? 'debug' : entry.level === 'WARN' ? 'warn' : entry.level === 'ERROR' ? 'error' : 'info';
    logger[method]({ sdk: true, ...entry.meta }, entry.message);
  });
}
