// The zod schemas of the names every part agrees on (domains, model ids, trigger ids), for the edges: the client,
// the CLI and the API. The allowed values themselves live in id-rules.ts, which workflow code reads without zod.
import { z } from 'zod';
import { CONTROL_OR_LONE_SURROGATE, DOMAIN_RULE, DOMAINS, MAX_TRIGGER_ID_CHARACTERS, MODEL_ID_PATTERN, MODEL_ID_RULE, printableIdRule } from './id-rules';

export { DOMAINS, MAX_TRIGGER_ID_CHARACTERS, MODEL_ID_PATTERN, type Domain } from './id-rules';

export const DomainSchema = z.enum(DOMAINS, { error: DOMAIN_RULE });
export const ModelIdSchema = z.string({ error: 'modelId must be a string' }).regex(MODEL_ID_PATTERN, MODEL_ID_RULE);

/** An id of 1 to `max` printable characters (no control characters, no unpaired surrogates). */
export function PrintableIdSchema(field: string, max: number) {
  const rule = printableIdRule(field, max);
  return z
    .string({ error: rule })
    .min(1, { error: rule })
    .max(max, { error: rule })
    .refine((value) => !CONTROL_OR_LONE_SURROGATE.test(value), { error: `${rule} (no control characters or unpaired surrogates)` });
}

export const TriggerIdSchema = (field: string) => PrintableIdSchema(field, MAX_TRIGGER_ID_CHARACTERS);
