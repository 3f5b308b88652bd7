// The names every part agrees on, without zod: the two Einstein domains, the shape of a model id, the ids a trigger
// carries. ids.ts builds its zod schemas from these, and workflow code (whose modules the SDK instantiates once per
// cached workflow) checks with them directly, so both take their allowed values from here.

export const DOMAINS = ['vision', 'language'] as const;
export type Domain = (typeof DOMAINS)[number];
export const DOMAIN_RULE = "domain must be 'vision' or 'language'";

export function isDomain(value: unknown): value is Domain {
  return (DOMAINS as readonly unknown[]).includes(value);
}

/** Model ids are 26 characters of the RFC 4648 base32 alphabet (docs/einstein-api.md §1). */
export const MODEL_ID_PATTERN = /^[A-Z2-7]{26}$/;
export const MODEL_ID_RULE = 'modelId must be 26 characters of A-Z and 2-7';

export function isModelId(value: unknown): value is string {
  return typeof value === 'string' && MODEL_ID_PATTERN.test(value);
}

/** Longest event or request id a trigger may carry (the CLI's flags say the same). */
export const MAX_TRIGGER_ID_CHARACTERS = 200;

/** Text that is safe as an id in workflow ids and logs: no control characters, no unpaired surrogates. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point of this pattern
export const CONTROL_OR_LONE_SURROGATE = /[\u0000-\u001f\u007f]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function printableIdRule(field: string, max: number): string {
  return `${field} must be a string of 1 to ${max} printable characters`;
}

/** An id of 1 to `max` printable characters (no control characters, no unpaired surrogates). */
export function isPrintableId(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length >= 1 && value.length <= max && !CONTROL_OR_LONE_SURROGATE.test(value);
}
