/**
 * Gathers what the invariants are checked on, once every run has closed: each run's end (and, for a refusal, the
 * refusing activity's attempts from its history), the emulator's training records, the reports both sinks received,
 * and every place a secret could leak into (worker logs, every workflow history, the reports).
 */
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import fs from 'node:fs';
import type { RetrainResult } from '../../src/workflows/retrain-model';
import type { Evidence, RefusalAttempts, RequestRecord, RunEnd } from './invariants';
import type { ChaosStack } from './stack';

const REFUSAL_ACTIVITY_FAILURES = new Set(['ModelNotFoundError', 'DatasetDeletedError']);

export async function collectEvidence(stack: ChaosStack, requests: RequestRecord[], stuck: ReadonlySet<string>): Promise<Evidence> {
  const ends: RunEnd[] = [];
  for (const r of requests) ends.push(stuck.has(r.workflowId) ? { workflowId: r.workflowId, status: 'STUCK' } : await runEnd(stack, r));
  const { trainings } = await stack.control.trainings();

  const webhook = new Map<string, { workflowId: string; count: number }>();
  for (const { report } of stack.deliveries) {
    const seen = webhook.get(report.reportId);
    webhook.set(report.reportId, { workflowId: report.workflowId, count: (seen?.count ?? 0) + 1 });
  }
  const jsonl = new Map<string, number>();
  for (const line of readLines(stack.files.jsonl)) {
    const reportId = (JSON.parse(line) as { reportId: string }).reportId;
    jsonl.set(reportId, (jsonl.get(reportId) ?? 0) + 1);
  }
  const { leaks, scanned } = await findLeaks(stack);
  return { requests, ends, trainings, webhook, jsonl, webhookRejected: [...stack.receiver.rejected], leaks, scanned };
}

async function runEnd(stack: ChaosStack, r: RequestRecord): Promise<RunEnd> {
  const handle = stack.client.workflow.getHandle(r.workflowId);
  const status = (await handle.describe()).status.name;
  try {
    const result = (await handle.result()) as RetrainResult;
    return { workflowId: r.workflowId, status, outcome: result.report.outcome, reportId: result.report.reportId };
  } catch (error) {
    const cause = error instanceof WorkflowFailedError ? error.cause : undefined;
    if (!(cause instanceof ApplicationFailure)) {
      return { workflowId: r.workflowId, status, message: error instanceof Error ? error.message : String(error) };
    }
    const details = (cause.details?.[0] ?? {}) as { code?: unknown; outcome?: unknown };
    const end: RunEnd = {
      workflowId: r.workflowId,
      status,
      failureType: cause.type ?? undefined,
      message: cause.message,
      ...(typeof details.code === 'string' && { code: details.code }),
      ...(typeof details.outcome === 'string' && { outcome: details.outcome }),
    };
    if (r.expect === 'MODEL_NOT_FOUND' || r.expect === 'DATASET_DELETED') {
      const refusal = await refusalAttempts(stack, r.workflowId);
      if (refusal) end.refusal = refusal;
    }
    return end;
  }
}

interface FailureProto {
  message?: string | null;
  applicationFailureInfo?: { type?: string | null; nonRetryable?: boolean | null } | null;
  timeoutFailureInfo?: unknown;
  canceledFailureInfo?: unknown;
}

function failureName(failure: FailureProto | null | undefined): string | undefined {
  if (!failure) return undefined;
  if (failure.applicationFailureInfo) return failure.applicationFailureInfo.type ?? 'ApplicationFailure';
  if (failure.timeoutFailureInfo) return 'Timeout';
  if (failure.canceledFailureInfo) return 'Cancelled';
  return failure.message ?? 'unknown';
}

/**
 * The refused activity from history: its ActivityTaskStarted event carries the attempt number and the failure of
 * the attempt before it; its ActivityTaskFailed event, the refusal and whether it was marked non-retryable.
 */
async function refusalAttempts(stack: ChaosStack, workflowId: string): Promise<RefusalAttempts | undefined> {
  const history = await stack.client.workflow.getHandle(workflowId).fetchHistory();
  const names = new Map<string, string>();
  const started = new Map<string, { attempt: number; lastFailure?: string }>();
  let refused: RefusalAttempts | undefined;
  for (const event of history.events ?? []) {
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled) names.set(String(event.eventId), scheduled.activityType?.name ?? '?');
    const start = event.activityTaskStartedEventAttributes;
    if (start) {
      const lastFailure = failureName(start.lastFailure as FailureProto | null | undefined);
      started.set(String(start.scheduledEventId), { attempt: start.attempt ?? 1, ...(lastFailure !== undefined && { lastFailure }) });
    }
    const local = localActivityFailure(event.markerRecordedEventAttributes);
    if (local) {
      if (refused && !REFUSAL_ACTIVITY_FAILURES.has(local.failureType)) continue;
      refused = local;
    }
    const failed = event.activityTaskFailedEventAttributes;
    if (failed) {
      const key = String(failed.scheduledEventId);
      const failure = failed.failure as FailureProto | null | undefined;
      const type = failureName(failure) ?? 'unknown';
      if (refused && !REFUSAL_ACTIVITY_FAILURES.has(type)) continue;
      const attempt = started.get(key);
      refused = {
        activity: names.get(key) ?? '?',
        attempt: attempt?.attempt ?? 1,
        failureType: type,
        nonRetryable: failure?.applicationFailureInfo?.nonRetryable === true,
        ...(attempt?.lastFailure !== undefined && { previousFailure: attempt.lastFailure }),
      };
    }
  }
  return refused;
}

/**
 * A local activity (the retrain's quick reads) leaves one marker: its data names the activity and the attempt that
 * ended it, its failure says how. Its earlier attempts are not recorded, so attempt 1 is the only proof that the
 * refusal came first; a later one says nothing about what failed before.
 */
function localActivityFailure(
  marker: { markerName?: string | null; details?: Record<string, { payloads?: Array<{ data?: Uint8Array | null }> | null }> | null; failure?: unknown } | null | undefined,
): RefusalAttempts | undefined {
  if (marker?.markerName !== 'core_local_activity' || !marker.failure) return undefined;
  const raw = marker.details?.data?.payloads?.[0]?.data;
  const data = raw ? (JSON.parse(Buffer.from(raw).toString('utf8')) as { attempt?: number; activity_type?: string }) : {};
  const failure = marker.failure as FailureProto;
  // The refusal may come wrapped as the cause of an activity failure.
  const cause = failure.applicationFailureInfo ? failure : ((failure as { cause?: FailureProto | null }).cause ?? failure);
  return {
    activity: data.activity_type ?? '?',
    attempt: data.attempt ?? 1,
    failureType: failureName(cause) ?? 'unknown',
    nonRetryable: cause.applicationFailureInfo?.nonRetryable === true,
  };
}

function readLines(file: string): string[] {
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
}

/** Every string in a history, payload bytes decoded as UTF-8 (payloads are JSON). */
function readable(value: unknown): string {
  const parts: string[] = [];
  const walk = (v: unknown): void => {
    if (v instanceof Uint8Array) parts.push(Buffer.from(v).toString('utf8'));
    else if (typeof v === 'string') parts.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(value);
  return parts.join('\n');
}

/** The emulator's issued access and refresh tokens, from its state file (it writes them before answering). */
function issuedTokens(stateFile: string): string[] {
  const state = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as { tokens?: { access?: { token: string }[]; refresh?: { token: string }[] } };
  return [...(state.tokens?.access ?? []), ...(state.tokens?.refresh ?? [])].map((t) => t.token);
}

/** Emulator access tokens are 103 base32 characters; nothing of ours (model ids: 26) comes near 100. */
const TOKEN_LIKE = /[A-Z2-7]{100,}/;

async function findLeaks(stack: ChaosStack): Promise<{ leaks: string[]; scanned: Evidence['scanned'] }> {
  const secrets: Array<[string, string]> = [
    ...stack.secrets.privateKeyPem
      .split('\n')
      .filter((line) => line.length >= 16 && !line.startsWith('-----'))
      .map((line): [string, string] => ['private key', line]),
    ['webhook secret', stack.secrets.webhookSecret],
    ['set-up token', stack.secrets.setupToken],
    ...issuedTokens(stack.files.emulatorState).map((token): [string, string] => ['access token', token]),
  ];
  const places: Array<[string, string]> = [
    ['worker.log', fs.existsSync(stack.files.workerLog) ? fs.readFileSync(stack.files.workerLog, 'utf8') : ''],
    ['reports.jsonl', readLines(stack.files.jsonl).join('\n')],
    ['webhook deliveries', stack.deliveries.map((d) => JSON.stringify(d.report)).join('\n')],
  ];
  for await (const execution of stack.client.workflow.list()) {
    const history = await stack.client.workflow.getHandle(execution.workflowId, execution.runId).fetchHistory();
    places.push([`history of ${execution.workflowId}`, readable(history)]);
  }
  const leaks: string[] = [];
  for (const [where, text] of places) {
    const found = new Set(secrets.filter(([, secret]) => text.includes(secret)).map(([what]) => what));
    if (TOKEN_LIKE.test(text)) found.add('token-like string');
    for (const what of found) leaks.push(`${what} in ${where}`);
  }
  // Positive control: the same matcher must find the tokens where they belong, in the emulator's own state file.
  const stateText = fs.readFileSync(stack.files.emulatorState, 'utf8');
  const scanned = {
    accessTokens: secrets.filter(([what]) => what === 'access token').length,
    controlFound: secrets.some(([what, secret]) => what === 'access token' && stateText.includes(secret)) && TOKEN_LIKE.test(stateText),
    histories: places.length - 3,
    bytes: places.reduce((n, [, text]) => n + text.length, 0),
  };
  return { leaks, scanned };
}
