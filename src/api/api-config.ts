// Configuration of the HTTP trigger API: one zod schema with every default visible, read from the environment by
// `triggerApiConfigFromEnv` (standalone `npm run api`, or inside the worker when EINSTEIN_RETRAIN_API_PORT is set).
import { z } from 'zod';
import { ConfigError } from '../config';
import { DEFAULT_SIGNATURE_TOLERANCE_SECONDS } from '../http/webhook-signature';

const MIN_SECRET_LENGTH = 16;

/** A number from code, or decimal digits from the environment (Number() would also read 0x10, 1e3 and ''). */
const integer = (name: string, min: number, max: number) => {
  const message = `${name} must be an integer from ${min} to ${max}`;
  return z
    .union([z.number(), z.string().regex(/^\d{1,15}$/).transform(Number)], { error: message })
    .pipe(z.number().int({ error: message }).min(min, { error: message }).max(max, { error: message }));
};

const secret = (what: string) =>
  z.string().min(MIN_SECRET_LENGTH, { error: `${what} must be at least ${MIN_SECRET_LENGTH} characters` });

export const TriggerApiConfig = z
  .object({
    /** Port to listen on; 0 picks a free one. @default 8088 */
    port: integer('port', 0, 65_535).default(8088),
    /** Address to bind; 0.0.0.0 to serve other machines. @default 127.0.0.1 */
    host: z.string().min(1, { error: 'host must be an address to bind, such as 127.0.0.1 or 0.0.0.0' }).default('127.0.0.1'),
    /** Shared secret of HMAC-SHA256 request signatures (the webhook scheme). */
    hmacSecret: secret('the HMAC secret').optional(),
    /** Accepted `Authorization: Bearer` tokens. @default none */
    bearerTokens: z.array(secret('each bearer token')).default([]),
    /** Largest distance between a signature's timestamp and the server clock. @default 300 */
    timestampToleranceSeconds: integer('timestampToleranceSeconds', 1, 3600).default(DEFAULT_SIGNATURE_TOLERANCE_SECONDS),
    /** Largest request body accepted; bodies are small JSON objects. @default 65536 */
    bodyLimitBytes: integer('bodyLimitBytes', 256, 1_048_576).default(65_536),
    /** Signatures remembered for replay protection (per process). @default 100000 */
    replayCacheSize: integer('replayCacheSize', 100, 10_000_000).default(100_000),
    /** How long a Temporal reachability answer of /healthz is reused. @default 2000 */
    healthCacheMs: integer('healthCacheMs', 0, 60_000).default(2_000),
  })
  .strict()
  .refine((c) => c.hmacSecret !== undefined || c.bearerTokens.length > 0, {
    error: 'the trigger API needs credentials: set an HMAC secret, bearer tokens, or both',
  });

export type TriggerApiConfigInput = z.input<typeof TriggerApiConfig>;
export type TriggerApiConfig = z.output<typeof TriggerApiConfig>;

/** Validates options given in code; issues name the field, never its value. */
export function parseTriggerApiConfig(input: TriggerApiConfigInput): TriggerApiConfig {
  const parsed = TriggerApiConfig.safeParse(input);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'trigger API'}: ${i.message}`));
  return parsed.data;
}

/** Environment variables of the trigger API and the option each one sets. */
export const TRIGGER_API_ENV = {
  EINSTEIN_RETRAIN_API_PORT: 'port',
  EINSTEIN_RETRAIN_API_HOST: 'host',
  EINSTEIN_RETRAIN_API_HMAC_SECRET: 'hmacSecret',
  EINSTEIN_RETRAIN_API_TOKENS: 'bearerTokens',
  EINSTEIN_RETRAIN_API_TIMESTAMP_TOLERANCE_SECONDS: 'timestampToleranceSeconds',
  EINSTEIN_RETRAIN_API_BODY_LIMIT_BYTES: 'bodyLimitBytes',
} as const satisfies Record<string, keyof TriggerApiConfig>;

/**
 * Reads TRIGGER_API_ENV; EINSTEIN_RETRAIN_API_TOKENS is a comma-separated list. Errors name the variable. A variable
 * set to an empty value is checked like any other value (and refused), not taken as unset: an empty port or secret
 * in an env file is a mistake to report, not a reason to fall back to a default.
 */
export function triggerApiConfigFromEnv(env: NodeJS.ProcessEnv = process.env): TriggerApiConfig {
  const input: Record<string, unknown> = {};
  const empty = new Set<string>();
  for (const [variable, option] of Object.entries(TRIGGER_API_ENV)) {
    const value = env[variable];
    if (value === undefined) continue;
    if (value.trim() === '') empty.add(variable);
    input[option] = option === 'bearerTokens' ? tokensOf(value) : value;
  }
  const parsed = TriggerApiConfig.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new ConfigError(parsed.error.issues.map((i) => `${envName(i.path)}: ${i.message}${empty.has(variableOf(i.path[0]) ?? '') ? '; it is set but empty' : ''}`));
}

/** The tokens of the list; an empty list stays one empty token, so that it is refused like a short one. */
function tokensOf(value: string): string[] {
  const tokens = splitTokens(value);
  return tokens.length > 0 ? tokens : [''];
}

function splitTokens(value: string): string[] {
  return value
    .split(',')
    .map((token) => token.trim())
    .filter((token) => token.length > 0);
}

function variableOf(option: PropertyKey | undefined): string | undefined {
  return Object.entries(TRIGGER_API_ENV).find(([, o]) => o === option)?.[0];
}

function envName(path: PropertyKey[]): string {
  const [option, index] = path;
  const variable = variableOf(option);
  if (variable === undefined) return 'EINSTEIN_RETRAIN_API_HMAC_SECRET or EINSTEIN_RETRAIN_API_TOKENS';
  return index === undefined ? variable : `${variable} (token ${Number(index) + 1})`;
}
