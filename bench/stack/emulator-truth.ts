/**
 * What the emulator knows and the orchestrator cannot see: when each training was submitted and when it truly ended.
 * `GET /__emulator/state` gives each model's latest training's end (`endsAt`); the submissions log gives its submit
 * time. The benches give every model exactly one training per phase, so "latest" is the one measured.
 */
import type { EmulatorControl } from '../../src/emulator/control/control-client';

export interface TrainingTruth {
  submittedAtMs: number;
  endsAtMs: number;
  status: string;
}

interface StateModel {
  modelId: string;
  status?: string;
  endsAt?: string;
}

export async function trainingTruth(control: EmulatorControl, since: number): Promise<Map<string, TrainingTruth>> {
  const state = (await control.state()) as { models?: StateModel[] };
  const { log } = await control.submissions();
  const submitted = new Map<string, number>();
  for (const s of log) {
    const at = Date.parse(s.at);
    if (s.kind === 'retrain' && at >= since) submitted.set(s.modelId, at);
  }
  const truth = new Map<string, TrainingTruth>();
  for (const m of state.models ?? []) {
    const submittedAtMs = submitted.get(m.modelId);
    const endsAtMs = m.endsAt === undefined ? NaN : Date.parse(m.endsAt);
    if (submittedAtMs !== undefined && Number.isFinite(endsAtMs)) truth.set(m.modelId, { submittedAtMs, endsAtMs, status: m.status ?? 'unknown' });
  }
  return truth;
}
