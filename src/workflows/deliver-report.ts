// The fallback delivery of a final report: a child workflow of the retrain, abandoned by its parent, started only for
// the sinks the retrain's inline delivery could not reach (report-step.ts), or for every sink the worker has when no
// `sinks` are given (a cancelled retrain, runs of older code). A sink that is down is retried here, durably, without
// failing or holding back the retrain. The report also stays in this workflow's input, so it is never lost.
import { log } from '@temporalio/workflow';
import type { RetrainReport } from '../report';
import { emitReport, reportSinks } from './activity-options';

export interface DeliveryResult {
  delivered: string[];
  failed: Array<{ sink: string; error: string }>;
}

export async function deliverReport(report: RetrainReport, only?: string[]): Promise<DeliveryResult> {
  const sinks = only ?? (await reportSinks.executeWithOptions({ summary: "list the worker's report sinks" }, []));
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
