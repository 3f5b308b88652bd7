/**
 * Fault injection: rules registered through the control API strike matching /v2 requests a given number of times.
 * The first rule that matches a request wins and loses one of its `times`.
 */
import type { FaultRule } from './control-types';

interface ActiveRule {
  rule: FaultRule;
  pathPattern?: RegExp;
  remaining: number;
}

export class FaultInjector {
  private rules: ActiveRule[] = [];

  add(rule: FaultRule): void {
    const pathPattern = rule.match?.path !== undefined ? new RegExp(rule.match.path) : undefined;
    this.rules.push({ rule, ...(pathPattern ? { pathPattern } : {}), remaining: rule.times ?? 1 });
  }

  clear(): void {
    this.rules = [];
  }

  /** The rule that strikes this request, if any (consumes one of its hits). */
  take(method: string, path: string): FaultRule | undefined {
    const hit = this.rules.find((r) => matches(r, method, path));
    if (!hit) return undefined;
    hit.remaining -= 1;
    if (hit.remaining <= 0) this.rules = this.rules.filter((r) => r !== hit);
    return hit.rule;
  }

  pending(): FaultRule[] {
    return this.rules.map((r) => ({ ...r.rule, times: r.remaining }));
  }
}

function matches(active: ActiveRule, method: string, path: string): boolean {
  const wanted = active.rule.match?.method;
  if (wanted !== undefined && wanted.toUpperCase() !== method.toUpperCase()) return false;
  return active.pathPattern === undefined || active.pathPattern.test(path);
}

/** Default moment of a fault: a malformed body corrupts a real answer; the others strike before the handler. */
export function faultMoment(rule: FaultRule): 'before' | 'after' {
  return rule.when ?? (rule.kind === 'malformed' ? 'after' : 'before');
}

export const FAULT_STATUS_MESSAGES: Record<number, string> = {
  429: 'Too many requests',
  500: 'Internal server error',
  502: 'Bad gateway',
  503: 'Service unavailable',
  504: 'Gateway timeout',
};
