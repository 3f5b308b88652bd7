// The report child's delivery to one sink (src/workflows/deliver-report.ts), for a sink the retrain's inline delivery
// (finish-report.ts) could not reach. One activity per sink, so a sink that is down is retried on its own (durably,
// by Temporal) and never holds back or fails the others. A permanent sink error is non-retryable.
import { ApplicationFailure } from '@temporalio/common';
import { NO_METRICS, type AppMetrics } from '../metrics/app-metrics';
import type { RetrainReport } from '../report';
import { asSinkError, type Sink } from '../sinks';

export interface EmitReportInput {
  sink: string;
  report: RetrainReport;
}

export async function emitReport(sinks: readonly Sink[], input: EmitReportInput, metrics: AppMetrics = NO_METRICS): Promise<void> {
  const sink = sinks.find((candidate) => candidate.name === input.sink);
  if (!sink) {
    throw ApplicationFailure.nonRetryable(
      `No sink named '${input.sink}' is configured on this worker (configured: ${sinks.map((s) => s.name).join(', ') || 'none'})`,
      'UnknownSink',
    );
  }
  try {
    await sink.emit(input.report, { idempotencyKey: input.report.reportId });
    metrics.reportDelivery(sink.name, 'delivered');
  } catch (error) {
    const failure = asSinkError(sink.name, error);
    metrics.reportDelivery(sink.name, failure.retryable ? 'retryable_error' : 'permanent_error');
    throw ApplicationFailure.create({
      message: failure.message,
      type: failure.name,
      nonRetryable: !failure.retryable,
      nextRetryDelay: failure.retryAfterMs,
    });
  }
}
