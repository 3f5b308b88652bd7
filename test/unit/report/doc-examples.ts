// Metrics bodies for the tests. The image ones are the documented examples of docs/einstein-api.md §4 verbatim; the
// docs give no full example for the other types, so those follow the documented field lists (§4, §9).

/** Get Model Metrics, `image` (docs/einstein-api.md §4). */
export const IMAGE_METRICS = {
  metricsData: {
    f1: [0.9090909090909092, 0.9411764705882352],
    labels: ['beach', 'mountain'],
    testAccuracy: 0.9286,
    trainingLoss: 0.021,
    confusionMatrix: [
      [5, 0],
      [1, 8],
    ],
    trainingAccuracy: 0.9941,
  },
  createdAt: '2016-09-16T18:04:59.000+0000',
  id: '7JXCXTRXTMNLJCEF2DR5CJ46QU',
  object: 'metrics',
};

/** One learning-curve item, `image` (docs/einstein-api.md §4): its metricsData has the metrics shape. */
export const IMAGE_LEARNING_CURVE_ITEM = {
  epoch: 1,
  metricsData: {
    f1: [0.75, 0.8333333],
    labels: ['Mountains', 'Beaches'],
    testAccuracy: 0.8,
    trainingLoss: 0.2573,
    confusionMatrix: [
      [3, 2],
      [0, 5],
    ],
    trainingAccuracy: 0.8809,
  },
  epochResults: [{ exampleName: '601053842.jpg-Mountains', expectedLabel: 'Mountains', predictedLabel: 'Mountains' }],
  object: 'learningcurve',
};

/** `image-multi-label`: confusionMatrices, f1 (array of float arrays), labels, testAccuracies, trainingAccuracies. */
export const MULTI_LABEL_METRICS = {
  metricsData: {
    confusionMatrices: {
      sand: [
        [40, 2],
        [3, 55],
      ],
      sea: [
        [50, 5],
        [4, 41],
      ],
      sky: [
        [30, 0],
        [1, 69],
      ],
    },
    f1: [
      [0.94, 0.96],
      [0.92, 0.9],
      [0.98, 0.99],
    ],
    labels: ['sand', 'sea', 'sky'],
    testAccuracies: [0.95, 0.91, 0.99],
    trainingAccuracies: [0.97, 0.93, 1],
  },
  id: 'MLLABELMODELAAAAAAAAAAAAAA',
  object: 'metrics',
};

/** `image-detection`: per-label items under `labelMetrics` and a `modelMetrics` object. */
export const DETECTION_METRICS = {
  algorithm: 'object-detection-v1',
  metricsData: {
    labelMetrics: [
      { label: 'can', averagePrecision: 0.81, f1: [0.5, 0.78, 0.7], precision: [0.4, 0.8, 0.9], recall: [0.9, 0.76, 0.57] },
      { label: 'bottle', averagePrecision: 0.67, f1: [0.6, 0.66], precision: [0.5, 0.7], recall: [0.75, 0.62] },
      { label: 'box', averagePrecision: null, f1: [], precision: [], recall: [] },
    ],
    modelMetrics: { meanAveragePrecision: 0.74, trainingLoss: 1.37 },
  },
  id: 'DETECTIONMODELAAAAAAAAAAAA',
  object: 'metrics',
};

/** `text-intent` (docs/einstein-api.md §9): confusionMatrix, f1, labels, macroF1, precision, recall, testAccuracy, ... */
export const INTENT_METRICS = {
  algorithm: 'intent',
  language: 'en_US',
  metricsData: {
    labels: ['billing', 'order-change', 'password-help', 'sales-opportunity', 'shipping-info'],
    f1: [0.8, 0.857142857142857, 1, 0.888888888888889, 0.75],
    macroF1: 0.859206349206349,
    precision: [0.8, 0.75, 1, 1, 0.75],
    recall: [0.8, 1, 1, 0.8, 0.75],
    testAccuracy: 0.84375,
    trainingLoss: 0.0396,
    trainingAccuracy: 0.9915,
    confusionMatrix: [
      [4, 1, 0, 0, 0],
      [0, 6, 0, 0, 0],
      [0, 0, 7, 0, 0],
      [0, 1, 0, 8, 1],
      [1, 0, 0, 0, 3],
    ],
    precisionRecallCurve: { precision: [0.9, 0.8], recall: [0.7, 0.85], f1: [0.79, 0.82], threshold: [0.5, 0.3] },
    threshold: {},
  },
  id: '3XVRF4KPA4522DWDRDCQ4D4BEQ',
  object: 'metrics',
};

/** `text-sentiment`: same shape as intent, without `algorithm` and here without `macroF1`. */
export const SENTIMENT_METRICS = {
  language: 'en_US',
  metricsData: {
    labels: ['positive', 'negative', 'neutral'],
    f1: [0.91, 0.88, 0.7],
    testAccuracy: 0.86,
    trainingLoss: 0.12,
    confusionMatrix: [
      [40, 2, 3],
      [1, 35, 4],
      [3, 2, 20],
    ],
  },
  id: 'SENTIMENTMODELAAAAAAAAAAAA',
  object: 'metrics',
};

/** `trainStats` of the documented SUCCEEDED text-intent training (docs/einstein-api.md §3). */
export const INTENT_TRAIN_STATS = {
  labels: 5,
  examples: 150,
  totalTime: '00:02:28:577',
  transforms: null,
  trainingTime: '00:02:25:646',
  earlyStopping: true,
  lastEpochDone: 49,
  modelSaveTime: '00:00:00:579',
  testSplitSize: 32,
  trainSplitSize: 118,
  datasetLoadTime: '00:00:02:931',
  preProcessStats: null,
  postProcessStats: null,
};
