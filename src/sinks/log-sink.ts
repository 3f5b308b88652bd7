// The default sink: one structured log line per report, so the result is visible wherever the worker logs go.
import pino from 'pino';
import type { RetrainReport } from '../report';
import type { Sink, SinkContext } from './sink';
import { asSinkError } from './sink';

/** The part of a pino logger this sink uses. */
export interface ReportLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export const LOG_SINK_EVENT = 'einstein_retrain.report';

/** Logs the whole report under `report`; SUCCEEDED at info level, every other outcome at warn. */
export function createLogSink(logger: ReportLogger = pino({ name: 'einstein-retrain' })): Sink {
  return {
    name: 'log',
    async emit(report: RetrainReport, ctx: SinkContext): Promise<void> {
      const fields = { event: LOG_SINK_EVENT, idempotencyKey: ctx.idempotencyKey, report };
      try {
        if (report.outcome === 'SUCCEEDED') logger.info(fields, summaryLine(report));
        else logger.warn(fields, summaryLine(report));
      } catch (error) {
        throw asSinkError('log', error);
      }
    },
  };
}

function summaryLine(report: RetrainReport): string {
  const head = `retrain ${report.outcome} for ${report.domain} model ${report.modelId}`;
  if (report.outcome !== 'SUCCEEDED') return `${head}: ${report.failureMsg}`;
  const accuracy = report.delta.testAccuracy;
  if (accuracy.before === undefined && accuracy.after === undefined) return head;
  return `${head}: test accuracy ${show(accuracy.before)} -> ${show(accuracy.after)}`;
}

function show(value: number | undefined): string {
  return value === undefined ? 'n/a' : value.toFixed(4);
}
