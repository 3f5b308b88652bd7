// Temporal Schedules per model. A schedule's action is the tiny `scheduledRetrainTrigger` workflow, which forwards a
// `schedule` trigger to the model's coordinator: the coordinator decides, so a firing while a retrain runs is folded
// into one follow-up run and never starts a second training. Overlap SKIP (BUFFER_ONE for manual triggers and
// backfills, so they are not lost to a still-running forwarder); never ALLOW_ALL.
import {
  ScheduleAlreadyRunning,
  ScheduleNotFoundError as SdkScheduleNotFoundError,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleDescription,
  type ScheduleHandle,
} from '@temporalio/client';
import { msToNumber } from '@temporalio/common/lib/time';
import { z } from 'zod';
import { DomainSchema, ModelIdSchema } from '../contract/ids';
import { SCHEDULED_TRIGGER_WORKFLOW_TYPE, type ScheduledTriggerInput } from '../workflows/coordinator-messages';
import { RetrainParams } from '../contract/retrain-input';
import { parseRetrainInput, RetrainInputError, RetrainPolicyPatch } from '../contract/retrain-input';
import { DOMAIN, MODEL_ID, TRIGGER_SOURCE } from '../workflows/search-attributes';
import { isUnavailable } from '../temporal/service-errors';
import { InvalidScheduleError, ScheduleExistsError, ScheduleNotFoundError, TemporalUnavailableError } from './errors';
import { issuesOf } from './schemas';
import { retrainStaticDetails, scheduledTriggerSummary } from '../workflows/run-details';
import type { Domain } from './types';

export function retrainScheduleId(domain: string, modelId: string): string {
  return `retrain-schedule-${domain}-${modelId}`;
}

const DURATION = /^\d+(ms|s|m|h|d)$/;

export const CreateScheduleSchema = z
  .object({
    domain: DomainSchema,
    modelId: ModelIdSchema,
    cron: z.string().regex(/^\s*(\S+\s+){4,6}\S+\s*$|^@\w+$/, 'cron must be a cron expression of 5 to 7 fields, e.g. "0 3 * * *"').optional(),
    every: z
      .string()
      .regex(DURATION, 'every must be a duration such as 30m, 24h or 7d')
      .refine((v) => !DURATION.test(v) || msToNumber(v as '1s') >= 60_000, 'every must be at least 1m')
      .optional(),
    timezone: z.string().min(1).optional(),
    params: RetrainParams.optional(),
    policy: RetrainPolicyPatch.optional(),
    note: z.string().max(500).optional(),
    paused: z.boolean().optional(),
  })
  .strict()
  .refine((s) => (s.cron === undefined) !== (s.every === undefined), { message: 'give exactly one of cron or every', path: ['cron'] });
export type CreateScheduleRequest = z.input<typeof CreateScheduleSchema>;

export interface ScheduleView {
  scheduleId: string;
  domain?: Domain;
  modelId?: string;
  cron?: string;
  every?: string;
  timezone?: string;
  paused: boolean;
  note?: string;
  overlap: string;
  params?: ScheduledTriggerInput['params'];
  policy?: ScheduledTriggerInput['policy'];
  nextActionTimes: string[];
  recentActions: Array<{ scheduledAt: string; takenAt: string; workflowId: string }>;
}

/** The retrain schedule of one model as the history pages show it: when it fires next. */
export interface NextScheduledRun {
  scheduleId: string;
  paused: boolean;
  /** The next firing; absent when the schedule will not fire again (or is paused with none planned). */
  nextRunAt?: string;
}

interface ScheduleMemo {
  domain: Domain;
  modelId: string;
  cron?: string;
  every?: string;
  timezone?: string;
}

export class RetrainSchedules {
  private readonly client: Client;
  private readonly taskQueue: string;

  constructor(options: { client: Client; taskQueue: string }) {
    this.client = options.client;
    this.taskQueue = options.taskQueue;
  }

  async create(request: CreateScheduleRequest): Promise<ScheduleView> {
    const parsed = CreateScheduleSchema.safeParse(request);
    if (!parsed.success) throw new InvalidScheduleError(issuesOf(parsed.error));
    const { domain, modelId, cron, every, timezone, params, policy, note, paused } = parsed.data;
    try {
      parseRetrainInput({ domain, modelId, ...params, policy });
    } catch (error) {
      if (error instanceof RetrainInputError) throw new InvalidScheduleError(error.issues);
      throw error;
    }
    const scheduleId = retrainScheduleId(domain, modelId);
    const input: ScheduledTriggerInput = { domain, modelId, scheduleId, ...(params && { params }), ...(policy && { policy }) };
    const memo: ScheduleMemo = { domain, modelId, ...(cron && { cron }), ...(every && { every }), ...(timezone && { timezone }) };
    try {
      await this.client.schedule.create({
        scheduleId,
        spec: { ...(cron ? { cronExpressions: [cron] } : { intervals: [{ every: every as '1h' }] }), ...(timezone && { timezone }) },
        action: {
          type: 'startWorkflow',
          workflowType: SCHEDULED_TRIGGER_WORKFLOW_TYPE,
          workflowId: `retrain-schedule-trigger-${domain}-${modelId}`,
          taskQueue: this.taskQueue,
          args: [input],
          staticSummary: scheduledTriggerSummary(domain, modelId),
          staticDetails: retrainStaticDetails({ domain, modelId, ...params, ...(policy && { policy }), trigger: { source: 'schedule' } }),
          typedSearchAttributes: [
            { key: MODEL_ID, value: modelId },
            { key: DOMAIN, value: domain },
            { key: TRIGGER_SOURCE, value: 'schedule' },
          ],
        },
        policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
        state: { paused: paused ?? false, ...(note && { note }) },
        memo: memo as unknown as Record<string, unknown>,
      });
    } catch (error) {
      if (error instanceof ScheduleAlreadyRunning) throw new ScheduleExistsError(scheduleId);
      throw this.translate(error, scheduleId);
    }
    return this.describe(scheduleId);
  }

  /** The retrain schedules (those whose action is the scheduled trigger), in id order. */
  async list(): Promise<ScheduleView[]> {
    const ids: string[] = [];
    try {
      for await (const summary of this.client.schedule.list()) {
        if (summary.action?.type === 'startWorkflow' && summary.action.workflowType === SCHEDULED_TRIGGER_WORKFLOW_TYPE) ids.push(summary.scheduleId);
      }
    } catch (error) {
      throw this.translate(error);
    }
    const views = await Promise.all(ids.sort().map((id) => this.describe(id).catch((error: unknown) => (error instanceof ScheduleNotFoundError ? undefined : Promise.reject(error)))));
    return views.filter((v): v is ScheduleView => v !== undefined);
  }

  /**
   * The model's schedule and its next firing, or null when the model has none. Read by the schedule's id (one per
   * model), so a schedule just created is seen at once (a list would go through the eventually consistent visibility
   * store). `timeoutMs` bounds the call, retries included, so a Temporal that is down leaves nothing running.
   */
  async nextRunOf(domain: Domain, modelId: string, options: { timeoutMs?: number } = {}): Promise<NextScheduledRun | null> {
    const scheduleId = retrainScheduleId(domain, modelId);
    try {
      const describe = () => this.describe(scheduleId);
      const view = options.timeoutMs === undefined ? await describe() : await this.client.withDeadline(Date.now() + options.timeoutMs, describe);
      const next = view.nextActionTimes[0];
      return { scheduleId, paused: view.paused, ...(next !== undefined && { nextRunAt: next }) };
    } catch (error) {
      if (error instanceof ScheduleNotFoundError) return null;
      throw error;
    }
  }

  async describe(scheduleId: string): Promise<ScheduleView> {
    return viewOf(await this.call(scheduleId, (h) => h.describe()));
  }

  async pause(scheduleId: string, note?: string): Promise<ScheduleView> {
    await this.call(scheduleId, (h) => h.pause(note ?? 'paused with einstein-retrain'));
    return this.describe(scheduleId);
  }

  async unpause(scheduleId: string, note?: string): Promise<ScheduleView> {
    await this.call(scheduleId, (h) => h.unpause(note ?? 'unpaused with einstein-retrain'));
    return this.describe(scheduleId);
  }

  /** Fires the schedule's action now (through the coordinator, like every firing). */
  async trigger(scheduleId: string): Promise<void> {
    await this.call(scheduleId, (h) => h.trigger(ScheduleOverlapPolicy.BUFFER_ONE));
  }

  /** Takes the actions the schedule would have taken between `from` and `to`; the coordinator coalesces them. */
  async backfill(scheduleId: string, from: Date, to: Date): Promise<void> {
    if (!(from < to)) throw new InvalidScheduleError(['from must be earlier than to']);
    await this.call(scheduleId, (h) => h.backfill({ start: from, end: to, overlap: ScheduleOverlapPolicy.BUFFER_ONE }));
  }

  async delete(scheduleId: string): Promise<void> {
    await this.call(scheduleId, (h) => h.delete());
  }

  private async call<T>(scheduleId: string, fn: (handle: ScheduleHandle) => Promise<T>): Promise<T> {
    try {
      return await fn(this.client.schedule.getHandle(scheduleId));
    } catch (error) {
      throw this.translate(error, scheduleId);
    }
  }

  private translate(error: unknown, scheduleId?: string): unknown {
    if (error instanceof SdkScheduleNotFoundError && scheduleId) return new ScheduleNotFoundError(scheduleId);
    if (isUnavailable(error)) return new TemporalUnavailableError(error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error));
    if (error instanceof Error && /invalid/i.test(error.message) && !(error instanceof InvalidScheduleError)) return new InvalidScheduleError([error.message.split('\n')[0] ?? error.message]);
    return error;
  }
}

function viewOf(d: ScheduleDescription): ScheduleView {
  const memo = (d.memo ?? {}) as Partial<ScheduleMemo>;
  const action = d.action.type === 'startWorkflow' ? d.action : undefined;
  const input = action?.args?.[0] as ScheduledTriggerInput | undefined;
  const overlapName = Object.entries(ScheduleOverlapPolicy).find(([, v]) => v === d.policies.overlap)?.[0] ?? String(d.policies.overlap);
  return {
    scheduleId: d.scheduleId,
    ...(memo.domain && { domain: memo.domain }),
    ...(memo.modelId && { modelId: memo.modelId }),
    ...(memo.cron && { cron: memo.cron }),
    ...(memo.every && { every: memo.every }),
    ...(memo.timezone && { timezone: memo.timezone }),
    paused: d.state.paused,
    ...(d.state.note && { note: d.state.note }),
    overlap: overlapName,
    ...(input?.params && { params: input.params }),
    ...(input?.policy && { policy: input.policy }),
    nextActionTimes: d.info.nextActionTimes.map((t) => t.toISOString()),
    recentActions: d.info.recentActions.map((a) => ({ scheduledAt: a.scheduledAt.toISOString(), takenAt: a.takenAt.toISOString(), workflowId: a.action.workflow.workflowId })),
  };
}
