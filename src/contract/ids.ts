// The names every part agrees on: the two Einstein domains, the shape of a model id, the ids a trigger carries.
// Workflow-safe (no Node imports): workflows, activities, the client, the CLI and the API all read them from here.
import { z } from 'zod';

export const DOMAINS = ['vision', 'language'] as const;
export type Domain = (typeof DOMAINS)[number];
export const DomainSchema = z.enum(DOMAINS, { error: "domain must be 'vision' or 'language'" });

/** Model ids are 26 characters of the RFC 4648 base32 alphabet (docs/einstein-api.md §1). */
export const MODEL_ID_PATTERN = /^[A-Z2-7]{26}$/;
export const ModelIdSchema = z.string({ error: 'modelId must be a string' }).regex(MODEL_ID_PATTERN, 'modelId must be 26 characters of A-Z and 2-7');

/** Longest event or request id a trigger may carry (the CLI's flags say the same). */
export const MAX_TRIGGER_ID_CHARACTERS = 200;

/** Text that is safe as an id in workflow ids and logs: no control characters, no unpaired surrogates. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point of this pattern
const CONTROL_OR_LONE_SURROGATE = /[\u0000-\u001f\u007f]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** An id of 1 to `max` printable characters (no control characters, no unpaired surrogates). */
export function PrintableIdSchema(field: string, max: number) {
  const rule = `${field} must be a string of 1 to ${max} printable characters`;
  return z
    .string({ error: rule })
    .min(1, { error: rule })
    .max(max, { error: rule })
    .refine((value) => !CONTROL_OR_LONE_SURROGATE.test(value), { error: `${rule} (no control characters or unpaired surrogates)` });
}

export const TriggerIdSchema = (field: string) => PrintableIdSchema(field, MAX_TRIGGER_ID_CHARACTERS);
