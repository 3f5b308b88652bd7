/**
 * The polling policies compared by the bench. Each one decides, after every status call, how long to wait before the
 * next; all make their first call right after the submission, as each of the tools they stand for does (the peers'
 * loops call first and sleep after; the product's workflow starts its first poll activity at once).
 *
 * - product: the workflow's own scheduler, `nextPollDelay`, fed the way src/activities/poll-training.ts feeds it —
 *   the submit response first, then each observation reduced by src/activities/observe.ts and kept in the window
 *   `retainObservations` keeps, each decision taken at the moment of the call.
 * - fixed N s: Vertex AI / Kubeflow launchers (`_POLLING_INTERVAL_IN_SECONDS = 20`), Airflow's sensors (`poke_interval`
 *   default 60 s, HttpSensor included), the SageMaker waiter (`training_job_completed_or_stopped`: Delay 120 s,
 *   MaxAttempts 180), and 10 s as a common hand-written loop.
 * - Airflow exponential backoff: BaseSensorOperator with `exponential_backoff=True` (mode poke or reschedule) and its
 *   defaults (poke_interval 60 s, max_wait None, timeout 7 days). After poke k (k = 1, 2, ...) it waits
 *   min_backoff + (hash % min_backoff) seconds, min_backoff = max(int(60 · 2^(k−2)), 1): 30–60 s, then 60–120 s,
 *   120–240 s, ... with no ceiling. The hash of dag/task/start/try is modelled as a seeded uniform draw.
 * - oracle: the floor — one call, at the very moment the training ends.
 */
import { nextPollDelay, retainObservations } from '../../src/workflows/poll-schedule';
import type { TrainingObservation } from '../../src/workflows/training-observation';
import { Rng } from '../../src/emulator/rng';

/** One policy following one training. */
export interface PolicyRun {
  /** Seconds after submission of the first status call. */
  readonly firstCallAtS: number;
  /** After a call that saw `observation` at `tSeconds`: seconds until the next call, and which rule chose it. */
  next(observation: TrainingObservation, tSeconds: number): { delayS: number; rule: string };
}

export interface PolicyContext {
  /** The POST retrain response, observed at the submission (t = 0). */
  submitted: TrainingObservation;
  submittedAtMs: number;
  /** When the training really ends (seconds after submission): only the oracle may look. */
  endAtS: number;
  /** Per training, seeded: for policies that draw jitter. */
  rng: Rng;
}

export interface PollingPolicy {
  id: string;
  label: string;
  /** Where its behaviour comes from (a default of a named tool, or the product). */
  source: string;
  start(context: PolicyContext): PolicyRun;
}

export function fixedInterval(seconds: number, label: string, source: string): PollingPolicy {
  return {
    id: `fixed-${seconds}s`,
    label,
    source,
    start: () => ({ firstCallAtS: 0, next: () => ({ delayS: seconds, rule: 'fixed' }) }),
  };
}

export const AIRFLOW_POKE_INTERVAL_S = 60;

/** Airflow's `_get_next_poke_interval` with exponential_backoff=True after poke number `poke` (1-based). */
export function airflowBackoffS(poke: number, jitter: number, pokeIntervalS = AIRFLOW_POKE_INTERVAL_S): number {
  const minBackoff = Math.max(Math.trunc(pokeIntervalS * 2 ** (poke - 2)), 1);
  return minBackoff + Math.floor(jitter * minBackoff);
}

export const airflowExponentialBackoff: PollingPolicy = {
  id: 'airflow-exponential',
  label: 'Airflow exponential backoff',
  source: 'BaseSensorOperator exponential_backoff=True, poke_interval 60 s, max_wait None',
  start: ({ rng }) => {
    let pokes = 0;
    return {
      firstCallAtS: 0,
      next: () => {
        pokes += 1;
        return { delayS: airflowBackoffS(pokes, rng.next()), rule: `poke ${pokes}` };
      },
    };
  },
};

export const oracle: PollingPolicy = {
  id: 'oracle',
  label: 'oracle (floor)',
  source: 'knows the end: one call at that moment',
  start: ({ endAtS }) => ({
    firstCallAtS: endAtS,
    next: () => {
      throw new Error('oracle: the single call must see the terminal status');
    },
  }),
};

export const product: PollingPolicy = {
  id: 'product',
  label: 'einstein-retrain (nextPollDelay)',
  source: 'src/workflows/poll-schedule.ts, fed as src/activities/poll-training.ts does',
  start: ({ submitted, submittedAtMs }) => {
    let window: TrainingObservation[] = [submitted];
    return {
      firstCallAtS: 0,
      next: (observation) => {
        window = retainObservations(window, observation);
        const decision = nextPollDelay({ submittedAtMs, nowMs: observation.atMs, observations: window });
        return { delayS: decision.delayMs / 1000, rule: decision.rule };
      },
    };
  },
};

/** Every policy of the bench, in table order. */
export const POLICIES: readonly PollingPolicy[] = [
  product,
  fixedInterval(10, 'fixed 10 s', 'hand-written loop'),
  fixedInterval(20, 'fixed 20 s (Vertex AI / Kubeflow)', 'google_cloud_pipeline_components launchers: _POLLING_INTERVAL_IN_SECONDS = 20'),
  fixedInterval(60, 'fixed 60 s (Airflow HttpSensor)', 'BaseSensorOperator poke_interval default 60 s'),
  fixedInterval(120, 'fixed 120 s (SageMaker waiter)', 'training_job_completed_or_stopped: Delay 120 s, MaxAttempts 180'),
  airflowExponentialBackoff,
  oracle,
];
