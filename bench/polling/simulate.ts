/**
 * The simulation loop: a policy follows one training from its submission (t = 0) — call, ask the policy for the next
 * delay, call again at that moment — until a call sees a terminal status.
 */
import { Rng } from '../../src/emulator/simulator/rng';
import { isTerminal } from '../../src/contract/training-status';
import type { CorpusTraining } from './corpus';
import type { PollingPolicy } from './policies';
import { SUBMITTED_AT_MS, productObservation } from './status-view';

export interface PollOutcome {
  /** Status calls made after the submission (the submission itself is not one). */
  calls: number;
  /** Seconds from the true end of the training to the call that saw it. */
  lagS: number;
  /** lagS over the training's duration (submission → end). */
  lagShare: number;
  /** The rule that chose the sleep during which the training ended (undefined when a call landed on the end). */
  coveringRule?: string;
  /** Calls per rule that chose the delay before them. */
  callsByRule: Record<string, number>;
}

/** A policy that has not seen the end after this many calls is broken; stop instead of looping forever. */
const MAX_CALLS = 100_000;

export function simulate(policy: PollingPolicy, training: CorpusTraining, seed: number): PollOutcome {
  const endAtS = training.timeline.endAt;
  const run = policy.start({
    submitted: productObservation(training, 0),
    submittedAtMs: SUBMITTED_AT_MS,
    endAtS,
    rng: Rng.derive(seed, 'policy', policy.id, training.index),
  });
  const callsByRule: Record<string, number> = {};
  let t = run.firstCallAtS;
  let rule = run.firstRule ?? 'first call';
  for (let calls = 1; calls <= MAX_CALLS; calls++) {
    callsByRule[rule] = (callsByRule[rule] ?? 0) + 1;
    const observation = productObservation(training, t);
    if (isTerminal(observation.status)) {
      const lagS = Math.max(0, t - endAtS);
      return { calls, lagS, lagShare: lagS / endAtS, ...(lagS > 0 ? { coveringRule: rule } : {}), callsByRule };
    }
    const next = run.next(observation, t);
    if (!(Number.isFinite(next.delayS) && next.delayS > 0)) {
      throw new RangeError(`policy ${policy.id} chose a delay of ${next.delayS} s on training ${training.index} at t=${t}`);
    }
    t += next.delayS;
    rule = next.rule;
  }
  throw new Error(`policy ${policy.id} did not see the end of training ${training.index} within ${MAX_CALLS} calls`);
}
