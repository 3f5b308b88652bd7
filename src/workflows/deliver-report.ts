// Delivers a final report to every sink the worker has. A child workflow of the retrain, abandoned by its parent:
// the retrain ends as soon as its outcome is known, and a sink that is down is retried here, durably, without
// failing or holding back the retrain. The report also stays in this workflow's input, so it is never lost.
import { log } from '@temporalio/workflow';
import type { RetrainReport } from '../report';
import { emitReport, reportSinks } from './activity-options';

export interface DeliveryResult {
  delivered: string[];
  failed: Array<{ sink: string; error: string }>;
}

export async function deliverReport(report: RetrainReport): Promise<DeliveryResult> {
  const sinks = await reportSinks.executeWithOptions({ summary: "list the worker's report sinks" }, []);
  const outcomes = await Promise.allSettled(
    sinks.map((sink) => emitReport.executeWithOptions({ summary: `deliver report ${report.reportId} to the ${sink} sink` }, [{ sink, report }])),
  );
  const result: DeliveryResult = { delivered: [], failed: [] };
  outcomes.forEach((outcome, i) => {
    const sink = sinks[i] ?? '?';
    if (outcome.status === 'fulfilled') result.delivered.push(sink);
    else result.failed.push({ sink, error: String(outcome.reason?.cause?.message ?? outcome.reason) });
  });
  if (result.failed.length > 0) log.warn('Report not delivered to every sink', { reportId: report.reportId, failed: result.failed });
  return result;
}
