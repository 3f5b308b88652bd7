// Einstein's training statuses (docs/einstein-api.md §3, §13): the documented ones, those during which a dataset
// refuses another training, and those after which a training never changes again. An unknown status is neither
// in progress nor terminal: the poller keeps looking and shows it.

export const KNOWN_TRAINING_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'KILLED', 'FAILED_WITH_RETRIES'] as const;
export type KnownTrainingStatus = (typeof KNOWN_TRAINING_STATUSES)[number];

export const IN_PROGRESS_STATUSES = ['QUEUED', 'RUNNING'] as const;
export const TERMINAL_STATUSES = ['SUCCEEDED', 'FAILED', 'KILLED', 'FAILED_WITH_RETRIES'] as const;
export type TerminalTrainingStatus = (typeof TERMINAL_STATUSES)[number];

export function isTerminal(status: string): status is TerminalTrainingStatus {
  return (TERMINAL_STATUSES as readonly string[]).includes(status);
}

/** QUEUED or RUNNING: the statuses that make a dataset refuse another training. */
export function isInProgress(status: string): boolean {
  return (IN_PROGRESS_STATUSES as readonly string[]).includes(status);
}
