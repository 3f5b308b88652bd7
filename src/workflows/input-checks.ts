// The workflows' own checks of what reaches them (retrain inputs, triggers, settings), written by hand instead of
// with zod: the SDK instantiates every module of the workflow bundle once per cached workflow and again on every
// replay, and zod alone is about a megabyte of it. The edges (client, HTTP API, CLI, the schedule's activity) have
// already parsed the same messages with the contract's zod schemas; these checks are defence in depth against a
// sender that skipped them, and take every bound and allowed value from the same zod-free rules
// (src/contract/retrain-rules.ts and its siblings). test/unit/workflows/input-checks.test.ts holds them to accepting
// exactly what zod accepts. What a retrain runs with is parsed with zod by its first activity (inspect-model.ts).
import { DOMAIN_RULE, isDomain, isModelId, isPrintableId, MAX_TRIGGER_ID_CHARACTERS, MODEL_ID_RULE, printableIdRule } from '../contract/id-rules';
import {
  domainParamIssues,
  EPOCHS,
  EPOCHS_RULE,
  LEARNING_RATE,
  LEARNING_RATE_RULE,
  MAX_EVENT_IDS,
  POLICY_BOUNDS,
  policyPairIssues,
  TRAIN_SPLIT_RATIO,
  TRAIN_SPLIT_RATIO_RULE,
  TRIGGER_SOURCE_RULE,
  TRIGGER_SOURCES,
  withinBounds,
  type NumberBounds,
  type PolicyNumberField,
} from '../contract/retrain-rules';
import { DEBOUNCE_FIELDS, DEBOUNCE_RULES } from '../contract/settings-rules';
import { MAX_NEW_EXAMPLES, MAX_RETRY_OF_CHARACTERS, NEW_EXAMPLES_RULE, TRIGGER_KIND_RULE } from '../contract/trigger-rules';

/** Issues as `path: message`, the form the zod parsers of the edges report. */
type Issues = string[];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const at = (prefix: string, field: string) => (prefix ? `${prefix}.${field}` : field);

/** An object with only the allowed keys; pushes one issue per unknown key (like zod's strict objects). */
function objectIssues(value: unknown, allowed: readonly string[], path: string, issues: Issues): value is Record<string, unknown> {
  if (!isObject(value)) {
    issues.push(`${path || '(input)'}: must be an object`);
    return false;
  }
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) issues.push(`${path || '(input)'}: unknown field '${key}' (allowed: ${allowed.join(', ')})`);
  }
  return true;
}

function numberIssue(value: unknown, path: string, bounds: NumberBounds, rule: string, issues: Issues): void {
  if (value !== undefined && !withinBounds(value, bounds)) issues.push(`${path}: ${rule}`);
}

const PARAM_FIELDS = ['epochs', 'learningRate', 'algorithm', 'trainParams'] as const;
const TRAIN_PARAM_FIELDS = ['trainSplitRatio', 'withFeedback', 'withGlobalDatasetId'];

/** The Einstein parameters of a retrain (epochs, learningRate, algorithm, trainParams) found in `fields`. */
function paramIssues(fields: Record<string, unknown>, prefix: string, issues: Issues): void {
  numberIssue(fields.epochs, at(prefix, 'epochs'), EPOCHS, EPOCHS_RULE, issues);
  numberIssue(fields.learningRate, at(prefix, 'learningRate'), LEARNING_RATE, LEARNING_RATE_RULE, issues);
  if (fields.algorithm !== undefined && typeof fields.algorithm !== 'string') issues.push(`${at(prefix, 'algorithm')}: algorithm must be a string`);
  const trainParams = fields.trainParams;
  if (trainParams === undefined || !objectIssues(trainParams, TRAIN_PARAM_FIELDS, at(prefix, 'trainParams'), issues)) return;
  const ratio = trainParams.trainSplitRatio;
  if (ratio !== undefined && !(typeof ratio === 'number' && ratio > TRAIN_SPLIT_RATIO.above && ratio < TRAIN_SPLIT_RATIO.below)) {
    issues.push(`${at(prefix, 'trainParams.trainSplitRatio')}: ${TRAIN_SPLIT_RATIO_RULE}`);
  }
  if (trainParams.withFeedback !== undefined && typeof trainParams.withFeedback !== 'boolean') {
    issues.push(`${at(prefix, 'trainParams.withFeedback')}: withFeedback must be true or false`);
  }
  const globalId = trainParams.withGlobalDatasetId;
  if (globalId !== undefined && !withinBounds(globalId, { min: 1, max: Number.MAX_SAFE_INTEGER, integer: true })) {
    issues.push(`${at(prefix, 'trainParams.withGlobalDatasetId')}: withGlobalDatasetId must be a positive integer`);
  }
}

/** Only the types of the parameters (RetrainParams): their bounds depend on the domain and are judged with the run's input. */
function paramTypeIssues(params: Record<string, unknown>, prefix: string, issues: Issues): void {
  const typed = (value: unknown, type: string) => value === undefined || typeof value === type;
  if (!typed(params.epochs, 'number')) issues.push(`${prefix}.epochs: ${prefix}.epochs must be a number`);
  if (!typed(params.learningRate, 'number')) issues.push(`${prefix}.learningRate: ${prefix}.learningRate must be a number`);
  if (!typed(params.algorithm, 'string')) issues.push(`${prefix}.algorithm: ${prefix}.algorithm must be a string`);
  const trainParams = params.trainParams;
  if (trainParams === undefined || !objectIssues(trainParams, TRAIN_PARAM_FIELDS, `${prefix}.trainParams`, issues)) return;
  const types = { trainSplitRatio: 'number', withFeedback: 'boolean', withGlobalDatasetId: 'number' } as const;
  for (const [field, type] of Object.entries(types)) {
    if (!typed(trainParams[field], type)) issues.push(`${prefix}.trainParams.${field}: must be a ${type}`);
  }
}

const POLICY_NUMBER_FIELDS = Object.keys(POLICY_BOUNDS) as PolicyNumberField[];

/** A partial retrain policy: each number within its bounds, the pairs that must agree, the nested objects' shape. */
function policyIssues(policy: unknown, path: string, issues: Issues, { pairs }: { pairs: boolean }): void {
  if (policy === undefined) return;
  // Unknown policy fields are dropped, not refused (RetrainPolicy is not a strict object).
  if (!isObject(policy)) {
    issues.push(`${path}: must be an object`);
    return;
  }
  for (const field of POLICY_NUMBER_FIELDS) {
    const { min, max, integer } = POLICY_BOUNDS[field] as NumberBounds;
    numberIssue(policy[field], `${path}.${field}`, POLICY_BOUNDS[field], `${field} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}`, issues);
  }
  // The quality gate's own fields are checked with zod by the run's first activity; here only its shape.
  if (policy.qualityGate !== undefined && !isObject(policy.qualityGate)) issues.push(`${path}.qualityGate: must be an object`);
  if (policy.adoptTrainingSince !== undefined && !(isObject(policy.adoptTrainingSince) && typeof policy.adoptTrainingSince.status === 'string')) {
    issues.push(`${path}.adoptTrainingSince: must be an object with a status`);
  }
  // The pairs are judged on the fields given, as the zod schema does (RetrainPolicyPatch has no defaults).
  if (!pairs) return;
  const numbers = Object.fromEntries(POLICY_NUMBER_FIELDS.filter((f) => typeof policy[f] === 'number').map((f) => [f, policy[f] as number]));
  for (const { path: where, message } of policyPairIssues(numbers)) {
    issues.push(`${[path, ...where.slice(1)].join('.')}: ${message}`);
  }
}

const RETRAIN_INPUT_FIELDS = ['domain', 'modelId', ...PARAM_FIELDS, 'policy', 'trigger'];

/** A whole retrain input, as a coordinator would start it (the shape of RetrainInput in retrain-input.ts). */
export function retrainInputIssues(raw: unknown): Issues {
  const issues: Issues = [];
  if (!objectIssues(raw, RETRAIN_INPUT_FIELDS, '', issues)) return issues;
  if (!isDomain(raw.domain)) issues.push(`domain: ${DOMAIN_RULE}`);
  if (!isModelId(raw.modelId)) issues.push(`modelId: ${MODEL_ID_RULE}`);
  paramIssues(raw, '', issues);
  policyIssues(raw.policy, 'policy', issues, { pairs: true });
  const trigger = raw.trigger;
  if (trigger !== undefined && objectIssues(trigger, ['source', 'retryOf', 'eventIds'], 'trigger', issues)) {
    if (!(TRIGGER_SOURCES as readonly unknown[]).includes(trigger.source)) issues.push(`trigger.source: ${TRIGGER_SOURCE_RULE}`);
    if (trigger.retryOf !== undefined && typeof trigger.retryOf !== 'string') issues.push('trigger.retryOf: must be a string');
    const ids = trigger.eventIds;
    if (ids !== undefined && !(Array.isArray(ids) && ids.length <= MAX_EVENT_IDS && ids.every((id) => typeof id === 'string'))) {
      issues.push(`trigger.eventIds: must be at most ${MAX_EVENT_IDS} strings`);
    }
  }
  if (isDomain(raw.domain)) {
    for (const { path, message } of domainParamIssues(raw.domain, raw)) issues.push(`${path.join('.')}: ${message}`);
  }
  return issues;
}

/** A coordinator trigger: a feedback event or a retrain request (the shape of CoordinatorTrigger in trigger.ts). */
export function triggerIssues(raw: unknown): Issues {
  const issues: Issues = [];
  if (!isObject(raw)) return ['(trigger): must be an object'];
  if (raw.kind === 'feedback') {
    objectIssues(raw, ['kind', 'eventId', 'newExamples', 'occurredAt'], '', issues);
    if (!isPrintableId(raw.eventId, MAX_TRIGGER_ID_CHARACTERS)) issues.push(`eventId: ${printableIdRule('eventId', MAX_TRIGGER_ID_CHARACTERS)}`);
    if (!withinBounds(raw.newExamples, { min: 0, max: MAX_NEW_EXAMPLES, integer: true })) issues.push(`newExamples: ${NEW_EXAMPLES_RULE}`);
    if (raw.occurredAt !== undefined && (typeof raw.occurredAt !== 'string' || Number.isNaN(Date.parse(raw.occurredAt)))) {
      issues.push('occurredAt: occurredAt must be an ISO 8601 date-time such as 2024-05-01T10:00:00Z');
    }
  } else if (raw.kind === 'request') {
    objectIssues(raw, ['kind', 'requestId', 'source', 'params', 'policy', 'retryOf'], '', issues);
    if (!isPrintableId(raw.requestId, MAX_TRIGGER_ID_CHARACTERS)) issues.push(`requestId: ${printableIdRule('requestId', MAX_TRIGGER_ID_CHARACTERS)}`);
    if (!(TRIGGER_SOURCES as readonly unknown[]).includes(raw.source)) issues.push(`source: ${TRIGGER_SOURCE_RULE}`);
    if (raw.params !== undefined && objectIssues(raw.params, PARAM_FIELDS, 'params', issues)) paramTypeIssues(raw.params, 'params', issues);
    // The bounds that span fields or depend on the domain are judged with the retrain input (coordinator-validation.ts).
    policyIssues(raw.policy, 'policy', issues, { pairs: false });
    if (raw.retryOf !== undefined && !(typeof raw.retryOf === 'string' && raw.retryOf.length >= 1 && raw.retryOf.length <= MAX_RETRY_OF_CHARACTERS)) {
      issues.push(`retryOf: retryOf must be a string of 1 to ${MAX_RETRY_OF_CHARACTERS} characters`);
    }
  } else {
    issues.push(`kind: ${TRIGGER_KIND_RULE}`);
  }
  return issues;
}

/** A `configure` patch: any subset of the debounce settings, feedback parameters and feedback policy. */
export function settingsPatchIssues(raw: unknown): Issues {
  const issues: Issues = [];
  if (!objectIssues(raw, ['debounce', 'feedbackParams', 'feedbackPolicy'], '(settings)', issues)) return issues;
  if (raw.debounce !== undefined && objectIssues(raw.debounce, DEBOUNCE_FIELDS, 'debounce', issues)) {
    for (const field of DEBOUNCE_FIELDS) {
      const { max, rule } = DEBOUNCE_RULES[field];
      numberIssue(raw.debounce[field], `debounce.${field}`, { min: 0, max, integer: true }, rule, issues);
    }
  }
  if (raw.feedbackParams !== undefined && objectIssues(raw.feedbackParams, PARAM_FIELDS, 'feedbackParams', issues)) {
    paramTypeIssues(raw.feedbackParams, 'feedbackParams', issues);
  }
  // Like the zod schema: the pairs are judged when a feedback retrain starts (its input is checked then).
  policyIssues(raw.feedbackPolicy, 'feedbackPolicy', issues, { pairs: false });
  return issues;
}
