// The Einstein Vision / Language API client: one method per endpoint the orchestrator uses (docs/einstein-api.md §2–§9).
// Every call is single-shot; the one exception is the 401 rule (forget the token, mint a new one, send once more),
// which is safe even for POST train/retrain because a 401 means the request was refused before any work started.
import type { z } from 'zod';
import { createTokenProvider, type TokenProvider } from './auth';
import { classifyRefusedSubmission, type RefusedSubmission, type StateLookups } from './classify';
import { ModelNotFoundError, UnauthenticatedError, type EinsteinError } from './errors';
import { HttpTransport, type HttpResponse } from './http';
import { feedbackForm, retrainForm, trainForm } from './multipart';
import { decodeBody, errorForStatus, invalidRequestFromServer } from './responses';
import { datasetRoute, domainRoute, modelRoute, type ApiRequest } from './routes';
import {
  apiUsageListSchema,
  datasetModelListSchema,
  datasetSchema,
  deletionSchema,
  exampleSchema,
  isKnownTrainingStatus,
  learningCurvePageSchema,
  modelMetricsSchema,
  trainingSchema,
} from './schemas';
import { tokenRequester } from './token-endpoint';
import type {
  ApiUsage,
  ClientLogger,
  Dataset,
  DatasetModel,
  Deletion,
  Domain,
  EinsteinClientOptions,
  Example,
  FeedbackParams,
  LearningCurvePage,
  ModelMetrics,
  PageRequest,
  RetrainParams,
  Training,
  TrainRequest,
} from './types';
import {
  checkBaseUrl,
  checkDomain,
  checkPage,
  validateFeedbackParams,
  validateRetrainParams,
  validateTrainRequest,
} from './validation';

/** Statuses with which Einstein refuses a train/retrain; the reason is then looked up in state (classify.ts). */
const REFUSAL_STATUSES: ReadonlySet<number> = new Set([400, 404, 409]);

export class EinsteinClient {
  readonly #baseUrl: string;
  readonly #transport: HttpTransport;
  readonly #tokens: TokenProvider;
  readonly #logger?: ClientLogger;
  readonly #retryAfterCeilingMs?: number;

  constructor(options: EinsteinClientOptions) {
    this.#baseUrl = checkBaseUrl(options.baseUrl);
    this.#transport = new HttpTransport({
      timeouts: options.timeouts,
      userAgent: options.userAgent ?? 'einstein-retrain',
      onCall: options.onCall,
    });
    this.#tokens = createTokenProvider(options.auth, {
      baseUrl: this.#baseUrl,
      requestToken: tokenRequester(this.#transport),
    });
    this.#logger = options.logger;
    this.#retryAfterCeilingMs = options.retryAfterCeilingMs;
  }

  /** `POST /v2/{domain}/train`: a new model on a dataset. A 400/404/409 is explained by looking at state. */
  async train(domain: Domain, params: TrainRequest): Promise<Training> {
    const valid = validateTrainRequest(params);
    const request = { ...domainRoute('POST', domain, '/train'), body: () => trainForm(valid) };
    return this.#submit(domain, request, { datasetId: valid.datasetId });
  }

  /** `POST /v2/{domain}/retrain`: retrains the model in place. A 400/404/409 is explained by looking at state. */
  async retrain(domain: Domain, params: RetrainParams): Promise<Training> {
    const valid = validateRetrainParams(params);
    const request = { ...domainRoute('POST', domain, '/retrain'), body: () => retrainForm(valid) };
    return this.#submit(domain, request, { modelId: valid.modelId });
  }

  /** `GET /v2/{domain}/train/{modelId}`. 404 → ModelNotFoundError. */
  async getTrainingStatus(domain: Domain, modelId: string): Promise<Training> {
    return this.#checkedTraining(await this.#json(modelRoute('GET', domain, '/train/', modelId), trainingSchema));
  }

  /** `GET /v2/{domain}/models/{modelId}`. 404 → ModelNotFoundError. */
  async getModelMetrics(domain: Domain, modelId: string): Promise<ModelMetrics> {
    return this.#json(modelRoute('GET', domain, '/models/', modelId), modelMetricsSchema);
  }

  /** `GET /v2/{domain}/models/{modelId}/lc` (at most 25 epochs per page). 404 → ModelNotFoundError. */
  async getLearningCurve(domain: Domain, modelId: string, page?: PageRequest): Promise<LearningCurvePage> {
    const request = { ...modelRoute('GET', domain, '/models/', modelId, '/lc'), query: checkPage(page) };
    return this.#json(request, learningCurvePageSchema);
  }

  /** `GET /v2/{domain}/datasets/{datasetId}`. 404 → DatasetDeletedError; a DELETE_PENDING dataset is returned. */
  async getDataset(domain: Domain, datasetId: number): Promise<Dataset> {
    return this.#json(datasetRoute('GET', domain, datasetId), datasetSchema);
  }

  /** `GET /v2/{domain}/datasets/{datasetId}/models`: one page (default count 100). 404 → DatasetDeletedError. */
  async listDatasetModels(domain: Domain, datasetId: number, page?: PageRequest): Promise<DatasetModel[]> {
    const request = { ...datasetRoute('GET', domain, datasetId, '/models'), query: checkPage(page) };
    return (await this.#json(request, datasetModelListSchema)).data;
  }

  /** `POST /v2/{domain}/feedback`: vision sends `data` (an image), language sends `document` (text). */
  async createFeedback(domain: Domain, params: FeedbackParams): Promise<Example> {
    const valid = validateFeedbackParams(checkDomain(domain), params);
    const route = domainRoute('POST', domain, '/feedback');
    const request: ApiRequest = {
      ...route,
      body: () => feedbackForm(valid),
      onNotFound: () => new ModelNotFoundError(valid.modelId, { endpoint: route.endpoint, httpStatus: 404 }),
    };
    return this.#json(request, exampleSchema);
  }

  /** `DELETE /v2/{domain}/datasets/{datasetId}`. 200/201 give the deletion object, 204 gives null. */
  async deleteDataset(domain: Domain, datasetId: number): Promise<Deletion | null> {
    const request = datasetRoute('DELETE', domain, datasetId);
    const response = await this.#send(request);
    if (response.status === 400 || response.status === 409) {
      // Einstein refuses to delete a dataset while one of its models trains: say which one.
      throw await this.#explainRefusal(domain, { datasetId }, response, request.endpoint);
    }
    return this.#deletion(response, request);
  }

  /** `DELETE /v2/{domain}/models/{modelId}`. 200/201 give the deletion object, 204 gives null. */
  async deleteModel(domain: Domain, modelId: string): Promise<Deletion | null> {
    const request = modelRoute('DELETE', domain, '/models/', modelId);
    return this.#deletion(await this.#send(request), request);
  }

  /** `GET /v2/apiusage`: prediction usage per plan month (an empty list until the first prediction). */
  async getApiUsage(): Promise<ApiUsage[]> {
    const request: ApiRequest = { method: 'GET', path: '/v2/apiusage', endpoint: 'GET /v2/apiusage' };
    return (await this.#json(request, apiUsageListSchema)).data;
  }

  /** Closes the keep-alive connections. */
  async close(): Promise<void> {
    await this.#transport.close();
  }

  async #submit(domain: Domain, request: ApiRequest, submission: RefusedSubmission): Promise<Training> {
    const response = await this.#send(request);
    if (REFUSAL_STATUSES.has(response.status)) {
      throw await this.#explainRefusal(domain, submission, response, request.endpoint);
    }
    return this.#checkedTraining(this.#decode(response, request, trainingSchema));
  }

  async #json<T extends z.ZodType>(request: ApiRequest, schema: T): Promise<z.output<T>> {
    return this.#decode(await this.#send(request), request, schema);
  }

  #decode<T extends z.ZodType>(response: HttpResponse, request: ApiRequest, schema: T): z.output<T> {
    const { endpoint, onNotFound } = request;
    if (!isSuccess(response.status)) throw errorForStatus(response, { endpoint, onNotFound, retryAfterCeilingMs: this.#retryAfterCeilingMs });
    return decodeBody(response, schema, endpoint);
  }

  #deletion(response: HttpResponse, request: ApiRequest): Deletion | null {
    if (isSuccess(response.status) && response.text.trim() === '') return null;
    return this.#decode(response, request, deletionSchema);
  }

  /** Sends with a bearer token; on 401 forgets that token, mints a new one and sends once more (never more). */
  async #send(request: ApiRequest): Promise<HttpResponse> {
    const token = await this.#tokens.getToken();
    const first = await this.#sendWithToken(request, token);
    if (first.status !== 401) return first;
    if (!this.#tokens.invalidate(token)) {
      throw new UnauthenticatedError(
        `Einstein refused the configured access token (HTTP 401 from ${request.endpoint}). ` +
          `A static token is never refreshed: configure a valid token, or use the jwt or refresh mode.`,
        { endpoint: request.endpoint, httpStatus: 401 },
      );
    }
    const second = await this.#sendWithToken(request, await this.#tokens.getToken());
    if (second.status !== 401) return second;
    // The token endpoint accepted our credentials a moment ago, so this can heal (a burst of 401s, a token not yet
    // valid everywhere): retryable, and the caller's retry policy decides for how long.
    throw new UnauthenticatedError(
      `Einstein refused a freshly issued access token (HTTP 401 from ${request.endpoint}). ` +
        `If it lasts, check that the account id, key or refresh token belong to the account that owns this resource.`,
      { endpoint: request.endpoint, httpStatus: 401, retryable: true },
    );
  }

  #sendWithToken(request: ApiRequest, token: string): Promise<HttpResponse> {
    const url = new URL(this.#baseUrl + request.path);
    if (request.query?.offset !== undefined) url.searchParams.set('offset', String(request.query.offset));
    if (request.query?.count !== undefined) url.searchParams.set('count', String(request.query.count));
    return this.#transport.send({
      method: request.method,
      url,
      endpoint: request.endpoint,
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      body: request.body?.(),
    });
  }

  async #explainRefusal(
    domain: Domain,
    submission: RefusedSubmission,
    response: HttpResponse,
    endpoint: string,
  ): Promise<EinsteinError> {
    const lookups: StateLookups = {
      getTrainingStatus: (modelId) => this.getTrainingStatus(domain, modelId),
      getDataset: (datasetId) => this.getDataset(domain, datasetId),
      listDatasetModels: (datasetId, page) => this.listDatasetModels(domain, datasetId, page),
    };
    const context = { endpoint, httpStatus: response.status };
    return classifyRefusedSubmission(lookups, submission, context, (lookedAt) =>
      invalidRequestFromServer(response, endpoint, lookedAt),
    );
  }

  #checkedTraining(training: Training): Training {
    if (!isKnownTrainingStatus(training.status)) {
      // Not terminal, so callers keep polling; the warning makes a new server status visible.
      const details = { modelId: training.modelId, status: training.status };
      this.#logger?.warn(details, 'Einstein reported an unknown training status');
    }
    return training;
  }
}

function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}
