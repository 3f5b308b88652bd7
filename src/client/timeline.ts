// A retrain's timeline from its history: start, each step (activity) as it ended with its attempts, children, close.
// What `describe` shows under "timeline"; the fine-grained polls are in the pollTraining heartbeats, not here.
import type { Client } from '@temporalio/client';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import { translateTemporalError } from './errors';

export interface TimelineEntry {
  at: string;
  event: string;
  detail?: string;
}

type HistoryEvent = NonNullable<Awaited<ReturnType<ReturnType<Client['workflow']['getHandle']>['fetchHistory']>>['events']>[number];

export async function retrainTimeline(client: Client, workflowId: string, runId?: string): Promise<TimelineEntry[]> {
  let events: HistoryEvent[];
  try {
    events = (await client.workflow.getHandle(workflowId, runId).fetchHistory()).events ?? [];
  } catch (error) {
    translateTemporalError(error, workflowId);
  }
  const activityNames = new Map<string, string>();
  const entries: TimelineEntry[] = [];
  for (const event of events) {
    const at = new Date(optionalTsToMs(event.eventTime) ?? 0).toISOString();
    const entry = describeEvent(event, activityNames);
    if (entry) entries.push({ at, ...entry });
  }
  return entries;
}

function describeEvent(event: HistoryEvent, activityNames: Map<string, string>): Omit<TimelineEntry, 'at'> | undefined {
  const id = String(event.eventId ?? '');
  if (event.workflowExecutionStartedEventAttributes) return { event: 'workflow started' };
  const scheduled = event.activityTaskScheduledEventAttributes;
  if (scheduled) {
    activityNames.set(id, scheduled.activityType?.name ?? 'activity');
    return undefined;
  }
  const completed = event.activityTaskCompletedEventAttributes;
  if (completed) return { event: `${activityNames.get(String(completed.scheduledEventId)) ?? 'activity'} completed` };
  const failed = event.activityTaskFailedEventAttributes;
  if (failed) return { event: `${activityNames.get(String(failed.scheduledEventId)) ?? 'activity'} failed`, detail: failed.failure?.message ?? undefined };
  const timedOut = event.activityTaskTimedOutEventAttributes;
  if (timedOut) return { event: `${activityNames.get(String(timedOut.scheduledEventId)) ?? 'activity'} timed out` };
  const started = event.activityTaskStartedEventAttributes;
  if (started && (started.attempt ?? 1) > 1) return { event: 'activity attempt', detail: `attempt ${started.attempt}` };
  const child = event.childWorkflowExecutionStartedEventAttributes;
  if (child) return { event: `child started`, detail: child.workflowExecution?.workflowId ?? undefined };
  if (event.workflowExecutionCompletedEventAttributes) return { event: 'workflow completed' };
  const wfFailed = event.workflowExecutionFailedEventAttributes;
  if (wfFailed) return { event: 'workflow failed', detail: wfFailed.failure?.message ?? undefined };
  if (event.workflowExecutionCanceledEventAttributes) return { event: 'workflow cancelled' };
  if (event.workflowExecutionCancelRequestedEventAttributes) return { event: 'cancel requested' };
  if (event.workflowExecutionTerminatedEventAttributes) return { event: 'workflow terminated', detail: event.workflowExecutionTerminatedEventAttributes.reason ?? undefined };
  if (event.workflowExecutionTimedOutEventAttributes) return { event: 'workflow timed out' };
  return undefined;
}
