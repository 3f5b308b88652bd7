// Turns a list filter into a Temporal visibility query on our search attributes, the same query an operator can
// paste into `temporal workflow list --query` or the Temporal UI.
// Lives below both the client API and the coordination activities, which list a model's runs the same way.
import { RETRAIN_WORKFLOW_TYPE } from '../workflows/workflow-ids';

/** A run's execution status as the client API names it. */
export const RUN_STATUSES = ['RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED', 'TERMINATED', 'TIMED_OUT', 'CONTINUED_AS_NEW'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** The fields a visibility query can filter retrain runs on (validated by the caller). */
export interface VisibilityFilter {
  modelId?: string;
  domain?: string;
  status?: RunStatus;
  outcome?: string;
  source?: string;
  since?: Date;
  until?: Date;
}

const STATUS_NAMES: Record<RunStatus, string> = {
  RUNNING: 'Running',
  COMPLETED: 'Completed',
  FAILED: 'Failed',
  CANCELLED: 'Canceled',
  TERMINATED: 'Terminated',
  TIMED_OUT: 'TimedOut',
  CONTINUED_AS_NEW: 'ContinuedAsNew',
};

/** Values reach the query only after validation (ids, enums); quoting still escapes them. */
function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export function visibilityQuery(filter: VisibilityFilter): string {
  const clauses = [`WorkflowType = ${quote(RETRAIN_WORKFLOW_TYPE)}`];
  if (filter.modelId) clauses.push(`EinsteinModelId = ${quote(filter.modelId)}`);
  if (filter.domain) clauses.push(`EinsteinDomain = ${quote(filter.domain)}`);
  if (filter.status) clauses.push(`ExecutionStatus = ${quote(STATUS_NAMES[filter.status])}`);
  if (filter.outcome) clauses.push(`EinsteinOutcome = ${quote(filter.outcome)}`);
  if (filter.source) clauses.push(`EinsteinTriggerSource = ${quote(filter.source)}`);
  if (filter.since) clauses.push(`StartTime >= ${quote(filter.since.toISOString())}`);
  if (filter.until) clauses.push(`StartTime <= ${quote(filter.until.toISOString())}`);
  return clauses.join(' AND ');
}
