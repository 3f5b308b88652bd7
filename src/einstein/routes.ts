// The API routes the client calls: concrete path, route label (for errors and call counting, in the emulator's
// "METHOD /v2/.../:param" form) and what a 404 means on that route.
import type { FormData } from 'undici';
import { DatasetDeletedError, ModelNotFoundError, type EinsteinError } from './errors';
import type { Domain, PageRequest } from './types';
import { checkDatasetId, checkDomain, checkModelId } from './validation';

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export interface ApiRequest {
  method: HttpMethod;
  /** Concrete path, e.g. `/v2/vision/train/7JXCXTRXTMNLJCEF2DR5CJ46QU`. */
  path: string;
  /** Route label, e.g. `GET /v2/vision/train/:modelId`. */
  endpoint: string;
  query?: PageRequest;
  /** A factory, because the 401 rule may send the same request twice. */
  body?: () => string | FormData;
  /** What a 404 means on this route; without it a 404 is INVALID_REQUEST. */
  onNotFound?: () => EinsteinError;
}

/** `/v2/{domain}{suffix}`, e.g. `POST /v2/vision/retrain`. */
export function domainRoute(method: HttpMethod, domain: Domain, suffix: string): ApiRequest {
  const path = `/v2/${checkDomain(domain)}${suffix}`;
  return { method, path, endpoint: `${method} ${path}` };
}

/** `/v2/{domain}{prefix}{modelId}{suffix}`; a 404 means the model does not exist. */
export function modelRoute(
  method: HttpMethod,
  domain: Domain,
  prefix: string,
  modelId: string,
  suffix = '',
): ApiRequest {
  const id = checkModelId(modelId);
  const base = `/v2/${checkDomain(domain)}${prefix}`;
  const endpoint = `${method} ${base}:modelId${suffix}`;
  return {
    method,
    path: `${base}${encodeURIComponent(id)}${suffix}`,
    endpoint,
    onNotFound: () => new ModelNotFoundError(id, { endpoint, httpStatus: 404 }),
  };
}

/** `/v2/{domain}/datasets/{datasetId}{suffix}`; a 404 means the dataset is gone. */
export function datasetRoute(method: HttpMethod, domain: Domain, datasetId: number, suffix = ''): ApiRequest {
  const base = `/v2/${checkDomain(domain)}/datasets/`;
  const endpoint = `${method} ${base}:datasetId${suffix}`;
  return {
    method,
    path: `${base}${checkDatasetId(datasetId)}${suffix}`,
    endpoint,
    onNotFound: () => new DatasetDeletedError(datasetId, 'NOT_FOUND', { endpoint, httpStatus: 404 }),
  };
}
