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

export const TriggerIdSchema = (field: string) => {
  const range = `${field} must be 1 to ${MAX_TRIGGER_ID_CHARACTERS} characters`;
  return z.string({ error: `${field} must be a string of 1 to ${MAX_TRIGGER_ID_CHARACTERS} characters` }).min(1, range).max(MAX_TRIGGER_ID_CHARACTERS, range);
};
