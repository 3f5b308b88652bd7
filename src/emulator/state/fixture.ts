/**
 * The seed fixture: the datasets and models every emulator starts with (and returns to on reset). Ids are constants,
 * independent of the seed, so tests can name them; the seed only drives timings and metric values.
 */
import { stableModelId } from './ids';

export type Domain = 'vision' | 'language';
export type DatasetType = 'image' | 'image-multi-label' | 'image-detection' | 'text-intent' | 'text-sentiment';

export type FixtureModelKey =
  | 'visionImage'
  | 'visionImageSibling'
  | 'visionMultiLabel'
  | 'visionDetection'
  | 'languageIntent'
  | 'languageSentiment'
  | 'modelOfDeletedDataset'
  | 'modelOfDeletePendingDataset'
  | 'deletedModel'
  | 'failedModel';

export type FixtureDatasetKey =
  | 'visionImage'
  | 'visionMultiLabel'
  | 'visionDetection'
  | 'languageIntent'
  | 'languageSentiment'
  | 'deleted'
  | 'deletePending';

export interface FixtureModel {
  modelId: string;
  datasetId: number;
  domain: Domain;
  modelType: string;
  name: string;
}

export interface FixtureDataset {
  id: number;
  domain: Domain;
  type: string;
  name: string;
}

/** How the fixture's datasets are filled: label name -> number of uploaded examples. */
export interface FixtureDatasetContent {
  labels: Record<string, number>;
  status: 'SUCCEEDED' | 'DELETE_PENDING' | 'DELETED';
}

const dataset = (id: number, domain: Domain, type: DatasetType, name: string): FixtureDataset => ({ id, domain, type, name });

const DATASETS: Record<FixtureDatasetKey, FixtureDataset> = {
  visionImage: dataset(1000101, 'vision', 'image', 'Beach and Mountain'),
  visionMultiLabel: dataset(1000102, 'vision', 'image-multi-label', 'Room Contents'),
  visionDetection: dataset(1000103, 'vision', 'image-detection', 'Shelf Products'),
  languageIntent: dataset(1000104, 'language', 'text-intent', 'Service Request Routing'),
  languageSentiment: dataset(1000105, 'language', 'text-sentiment', 'Customer Sentiment'),
  deleted: dataset(1000106, 'vision', 'image', 'Retired Beaches'),
  deletePending: dataset(1000107, 'vision', 'image', 'Mountains Being Deleted'),
};

const model = (key: FixtureModelKey, ds: FixtureDataset, name: string): FixtureModel => ({
  modelId: stableModelId(key),
  datasetId: ds.id,
  domain: ds.domain,
  modelType: ds.type,
  name,
});

export const FIXTURE: {
  account: { sub: string };
  unknownModelId: string;
  models: Record<FixtureModelKey, FixtureModel>;
  datasets: Record<FixtureDatasetKey, FixtureDataset>;
} = {
  account: { sub: 'dev@einstein-retrain.local' },
  unknownModelId: stableModelId('unknown model: never created'),
  models: {
    visionImage: model('visionImage', DATASETS.visionImage, 'Beach and Mountain Model'),
    visionImageSibling: model('visionImageSibling', DATASETS.visionImage, 'Beach and Mountain Model - Small'),
    visionMultiLabel: model('visionMultiLabel', DATASETS.visionMultiLabel, 'Room Contents Model'),
    visionDetection: model('visionDetection', DATASETS.visionDetection, 'Shelf Products Model'),
    languageIntent: model('languageIntent', DATASETS.languageIntent, 'Service Request Routing Model'),
    languageSentiment: model('languageSentiment', DATASETS.languageSentiment, 'Customer Sentiment Model'),
    modelOfDeletedDataset: model('modelOfDeletedDataset', DATASETS.deleted, 'Retired Beaches Model'),
    modelOfDeletePendingDataset: model('modelOfDeletePendingDataset', DATASETS.deletePending, 'Mountains Model'),
    deletedModel: model('deletedModel', DATASETS.visionImage, 'Deleted Beach Model'),
    failedModel: model('failedModel', DATASETS.visionMultiLabel, 'Room Contents Model - Failed'),
  },
  datasets: DATASETS,
};

/** Label contents of each fixture dataset (sizes follow the docs' examples and dataset guidance). */
export const FIXTURE_CONTENT: Record<FixtureDatasetKey, FixtureDatasetContent> = {
  visionImage: { labels: { beach: 520, mountain: 480 }, status: 'SUCCEEDED' },
  visionMultiLabel: { labels: { sofa: 310, lamp: 280, plant: 260, table: 300 }, status: 'SUCCEEDED' },
  visionDetection: { labels: { can: 160, bottle: 150, box: 140 }, status: 'SUCCEEDED' },
  languageIntent: {
    labels: { 'billing': 30, 'order-status': 30, 'password-help': 30, 'sales-opportunity': 30, 'shipping-info': 30 },
    status: 'SUCCEEDED',
  },
  languageSentiment: { labels: { positive: 220, negative: 200, neutral: 180 }, status: 'SUCCEEDED' },
  deleted: { labels: { beach: 120, mountain: 110 }, status: 'DELETED' },
  deletePending: { labels: { mountain: 150, hill: 140 }, status: 'DELETE_PENDING' },
};

/** Fixture models that were deleted, and the fixture model whose (only) training failed. */
export const FIXTURE_DELETED_MODELS: readonly FixtureModelKey[] = ['deletedModel'];
export const FIXTURE_FAILED_MODELS: readonly FixtureModelKey[] = ['failedModel'];
