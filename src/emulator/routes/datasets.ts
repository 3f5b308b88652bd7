/** Dataset endpoints for one domain. */
import type { FastifyInstance } from 'fastify';
import { createDataset, datasetExamples, datasetModels, deleteDataset, getDataset, listDatasets } from './dataset-actions';
import type { Emulator } from '../emulator';
import type { Domain } from '../state/fixture';
import { readForm } from './form';
import { notFound } from './errors';
import { parsePage } from './paging';

type DatasetRequest = { Params: { datasetId: string }; Querystring: Record<string, string | undefined> };

export function registerDatasetRoutes(app: FastifyInstance, em: Emulator, domain: Domain): void {
  const base = `/v2/${domain}/datasets`;
  app.get<DatasetRequest>(base, async (request) =>
    // Global (Salesforce-provided) datasets are not emulated: asking for them lists nothing.
    request.query.global === 'true' ? { object: 'list', data: [] } : listDatasets(em, domain, parsePage(request.query, { count: 25, maxCount: 25 })),
  );
  app.post(base, async (request) => createDataset(em, domain, readForm(request)));
  app.get<DatasetRequest>(`${base}/:datasetId`, async (request) => getDataset(em, domain, datasetIdOf(request.params)));
  app.delete<DatasetRequest>(`${base}/:datasetId`, async (request) => deleteDataset(em, domain, datasetIdOf(request.params)));
  app.get<DatasetRequest>(`${base}/:datasetId/models`, async (request) =>
    datasetModels(em, domain, datasetIdOf(request.params), parsePage(request.query, { count: 100, maxCount: 100 })),
  );
  app.get<DatasetRequest>(`${base}/:datasetId/examples`, async (request) =>
    datasetExamples(em, domain, datasetIdOf(request.params), request.query.source, parsePage(request.query, { count: 100, maxCount: 100 })),
  );
}

/** A path id that is not an integer names no dataset: 404, as for an unknown id. */
function datasetIdOf(params: { datasetId: string }): number {
  if (!/^\d{1,15}$/.test(params.datasetId)) throw notFound(`The dataset ${params.datasetId} was not found.`);
  return Number(params.datasetId);
}
