// The numbers the demo ends with: what the retrain cost (API calls, polls, history) and how fast it noticed the end.
import { z } from 'zod';
import type { RunSnapshot } from '../client/run-snapshot';

/** The part of the emulator's `GET /__emulator/state` the demo reads: when each model's last training truly ended. */
export const EmulatorModelEnds = z.object({
  models: z.array(z.object({ modelId: z.string(), endsAt: z.string().optional() })),
});

export function trueEndMs(state: unknown, modelId: string): number | undefined {
  const parsed = EmulatorModelEnds.safeParse(state);
  const endsAt = parsed.success ? parsed.data.models.find((m) => m.modelId === modelId)?.endsAt : undefined;
  return endsAt === undefined ? undefined : Date.parse(endsAt);
}

export interface DemoFacts {
  view: RunSnapshot;
  /** When the emulator's training ended (its own timeline), epoch ms. */
  trainingEndMs?: number;
  /** Requests the emulator counted, token requests included. */
  emulatorCalls?: number;
}

/** Time between the true end of the training and the poll that saw it. */
export function detectionLagMs(facts: DemoFacts): number | undefined {
  const seenAt = facts.view.report?.timing.finishedAt;
  if (seenAt === undefined || facts.trainingEndMs === undefined) return undefined;
  return Math.max(0, Date.parse(seenAt) - facts.trainingEndMs);
}

export function renderDemoSummary(facts: DemoFacts): string {
  const { view } = facts;
  const lag = detectionLagMs(facts);
  const counted = facts.emulatorCalls === undefined ? '' : ` (the emulator counted ${facts.emulatorCalls})`;
  const rows: Array<[string, string]> = [
    ['API calls', `${view.apiCalls}${counted}`],
    ['status polls', String(view.polls)],
    ['detection lag', lag === undefined ? 'n/a' : `${(lag / 1_000).toFixed(1)}s from the training's true end to the poll that saw it`],
    ['history length', `${view.historyLength} events`],
  ];
  return ['What the retrain cost:', ...rows.map(([label, value]) => `  ${label.padEnd(14)}  ${value}`)].join('\n');
}
