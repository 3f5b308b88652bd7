// Custom search attributes: how `temporal workflow list --query` and the Temporal UI answer
// "what happened to model X?". Defined once here so the worker, the CLI and the dev server agree.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const MODEL_ID = defineSearchAttributeKey('EinsteinModelId', SearchAttributeType.KEYWORD);
export const DATASET_ID = defineSearchAttributeKey('EinsteinDatasetId', SearchAttributeType.KEYWORD);
export const DOMAIN = defineSearchAttributeKey('EinsteinDomain', SearchAttributeType.KEYWORD);
export const OUTCOME = defineSearchAttributeKey('EinsteinOutcome', SearchAttributeType.KEYWORD);
export const TRIGGER_SOURCE = defineSearchAttributeKey('EinsteinTriggerSource', SearchAttributeType.KEYWORD);

/** Every custom attribute with its type name as `temporal operator search-attribute create` spells it. */
export const SEARCH_ATTRIBUTES: ReadonlyArray<{ name: string; type: 'Keyword' }> = [
  MODEL_ID,
  DATASET_ID,
  DOMAIN,
  OUTCOME,
  TRIGGER_SOURCE,
].map((key) => ({ name: key.name, type: 'Keyword' as const }));
