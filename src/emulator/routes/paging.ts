/** offset/count query parameters of list endpoints (strings in the OAS). */
import { badRequest } from './errors';

export interface Page {
  offset: number;
  count: number;
}

export function parsePage(query: unknown, defaults: { count: number; maxCount: number }): Page {
  const q = (query ?? {}) as Record<string, unknown>;
  const offset = nonNegativeInt(q.offset, 'offset', 0);
  const count = nonNegativeInt(q.count, 'count', defaults.count);
  if (count < 1) throw badRequest('count must be an integer ≥ 1');
  return { offset, count: Math.min(count, defaults.maxCount) };
}

function nonNegativeInt(raw: unknown, name: string, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (typeof raw !== 'string' || !/^\d{1,9}$/.test(raw)) throw badRequest(`${name} must be a non-negative integer`);
  return Number(raw);
}
