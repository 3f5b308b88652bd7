/**
 * Fault injection: rules registered through the control API strike matching /v2 requests. A rule lives for `times`
 * strikes (default 1), for a `forMs` window (then every matching request is struck unless `times` runs out first),
 * and may strike only with a `probability`. Rules are tried in the order they were added; the first one that strikes
 * wins. A probabilistic rule that spares a request passes it on to the rules after it, so several rates can be
 * active at once ("10 % 503, then 5 % 429") without one hiding the others.
 */
import type { Clock } from '../simulator/clock';
import type { FaultRule, PendingFault } from './control-types';
import { INVALID_ACCESS_TOKEN } from '../routes/errors';
import type { FaultsState } from '../state/persisted-state';
import { Rng } from '../simulator/rng';

interface ActiveRule {
  serial: number;
  rule: FaultRule;
  pathPattern: RegExp | undefined;
  /** Strikes left; Infinity when only the window bounds the rule. */
  remaining: number;
  /** Clock time (ms) at which the `forMs` window closes. */
  untilMs: number | undefined;
  /** The rule's own stream for `probability`: adding a rule never shifts the draws of another. */
  rng: Rng;
}

export class FaultInjector {
  private rules: ActiveRule[] = [];
  /** Numbers the rules added since the last reset; each rule's random stream derives from it. */
  private serial = 0;

  constructor(
    private readonly clock: Clock,
    private seed: number,
  ) {}

  reset(seed: number): void {
    this.seed = seed;
    this.serial = 0;
    this.rules = [];
  }

  add(rule: FaultRule): void {
    this.serial += 1;
    const untilMs = rule.forMs !== undefined ? this.clock.nowMs() + rule.forMs : undefined;
    const remaining = rule.times ?? (rule.forMs !== undefined ? Infinity : 1);
    this.rules.push(activate(rule, this.serial, remaining, untilMs, Rng.derive(this.seed, 'fault', this.serial)));
  }

  clear(): void {
    this.rules = [];
  }

  /** The rule that strikes this request, if any (consumes one of its strikes). */
  take(method: string, path: string): FaultRule | undefined {
    this.dropExpired();
    for (const active of this.rules) {
      if (!matches(active, method, path) || !strikes(active)) continue;
      active.remaining -= 1;
      if (active.remaining <= 0) this.rules = this.rules.filter((r) => r !== active);
      return active.rule;
    }
    return undefined;
  }

  pending(): PendingFault[] {
    this.dropExpired();
    return this.rules.map((r) => ({
      ...r.rule,
      ...(Number.isFinite(r.remaining) ? { times: r.remaining } : {}),
      ...(r.untilMs !== undefined ? { until: new Date(r.untilMs).toISOString() } : {}),
    }));
  }

  snapshot(): FaultsState {
    return {
      serial: this.serial,
      rules: this.rules.map((r) => ({
        serial: r.serial,
        rule: r.rule,
        remaining: Number.isFinite(r.remaining) ? r.remaining : null,
        untilMs: r.untilMs ?? null,
        rngState: r.rng.savedState(),
      })),
    };
  }

  restore(state: FaultsState): void {
    this.serial = state.serial;
    this.rules = state.rules.map((r) =>
      activate(r.rule, r.serial, r.remaining ?? Infinity, r.untilMs ?? undefined, new Rng(r.rngState)),
    );
  }

  private dropExpired(): void {
    const now = this.clock.nowMs();
    this.rules = this.rules.filter((r) => r.untilMs === undefined || r.untilMs > now);
  }
}

function activate(rule: FaultRule, serial: number, remaining: number, untilMs: number | undefined, rng: Rng): ActiveRule {
  const pathPattern = rule.match?.path !== undefined ? new RegExp(rule.match.path) : undefined;
  return { serial, rule, pathPattern, remaining, untilMs, rng };
}

function matches(active: ActiveRule, method: string, path: string): boolean {
  const wanted = active.rule.match?.method;
  if (wanted !== undefined && wanted.toUpperCase() !== method.toUpperCase()) return false;
  return active.pathPattern === undefined || active.pathPattern.test(path);
}

/** Draws only for probabilistic rules, so a plain rule leaves no trace in any stream. */
function strikes(active: ActiveRule): boolean {
  const p = active.rule.probability;
  return p === undefined || active.rng.next() < p;
}

/** Default moment of a fault: a malformed body corrupts a real answer; the others strike before the handler. */
export function faultMoment(rule: FaultRule): 'before' | 'after' {
  return rule.when ?? (rule.kind === 'malformed' ? 'after' : 'before');
}

/** Bodies of injected status faults: Einstein's own 401 text, HTTP reason phrases otherwise. */
export const FAULT_STATUS_MESSAGES: Record<number, string> = {
  400: 'Bad request',
  401: INVALID_ACCESS_TOKEN,
  403: 'Forbidden',
  404: 'Not found',
  429: 'Too many requests',
  500: 'Internal server error',
  502: 'Bad gateway',
  503: 'Service unavailable',
  504: 'Gateway timeout',
};
