// The CLI's exit codes: the contract for scripts and CI jobs that run `einstein-retrain`. One number per kind of
// ending, so a caller can tell "the training failed" (look at the data) from "the request was wrong" (fix the
// command) from "Temporal is unreachable" (fix the infrastructure) without parsing any text.
import type { RunEnding } from '../../client/run-ending';

export type { RunEnding };

export const EXIT = {
  /** The command did what it was asked; for `retrain --wait` and `watch`: the retrain SUCCEEDED. */
  OK: 0,
  /** The training ended FAILED, FAILED_WITH_RETRIES or KILLED. */
  TRAINING_FAILED: 1,
  /** Bad flags or arguments, an invalid retrain request, or Einstein refused it (model/dataset gone, invalid). */
  INVALID_INPUT: 2,
  /** Infrastructure: Temporal unreachable, invalid configuration, Einstein credentials rejected. */
  INFRASTRUCTURE: 3,
  /** The retrain did not finish: cancelled, terminated, or timed out (busy dataset or deadline). */
  INCOMPLETE: 4,
  /** `retrain --wait --fail-on-regression`: the retrain SUCCEEDED but its quality verdict is `regressed`. */
  REGRESSED: 5,
  /** Interrupted by Ctrl-C while watching; the retrain itself goes on. */
  INTERRUPTED: 130,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Codes that mean our side is misconfigured, whatever outcome the workflow gave them. */
const INFRASTRUCTURE_CODES = new Set(['UNAUTHENTICATED']);

export function exitCodeForEnding(ending: RunEnding): ExitCode {
  if (ending.code !== undefined && INFRASTRUCTURE_CODES.has(ending.code)) return EXIT.INFRASTRUCTURE;
  switch (ending.outcome) {
    case 'SUCCEEDED':
      return EXIT.OK;
    case 'FAILED':
    case 'FAILED_WITH_RETRIES':
    case 'KILLED':
      return EXIT.TRAINING_FAILED;
    case 'REJECTED':
      return EXIT.INVALID_INPUT;
    case 'CANCELLED':
    case 'TIMED_OUT':
    case 'TERMINATED':
      return EXIT.INCOMPLETE;
  }
}

/** The exit-code table as `--help` shows it. */
export const EXIT_CODES_HELP = `Exit codes:
  0    success (for retrain --wait and watch: the retrain SUCCEEDED)
  1    the training failed (FAILED, FAILED_WITH_RETRIES, KILLED)
  2    invalid input: bad flags, an invalid retrain request, or Einstein refused it
       (MODEL_NOT_FOUND, DATASET_DELETED, INVALID_REQUEST), or no such workflow
  3    infrastructure: Temporal unreachable, invalid configuration, Einstein credentials rejected
  4    the retrain did not finish: cancelled, terminated, or timed out (busy dataset, deadline)
  5    with retrain --wait --fail-on-regression: the retrain succeeded but its quality verdict is regressed
  130  interrupted (Ctrl-C) while watching; the retrain itself goes on`;
