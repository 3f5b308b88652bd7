// The model history pages: an index of models and a page per model. The HTML holds no data and needs no
// credentials; its script reads /v1/models with the API's own authentication (a bearer token the page asks for
// once per tab). Assets are served from the package (web/ and uPlot from node_modules), never from a CDN.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { ApiError } from './errors';
import { ModelParams } from './model-routes';
import { validate } from './requests';

/** web/ beside src/ and dist/: both compile layouts keep this file two folders below the package root. */
const WEB_DIR = path.resolve(__dirname, '..', '..', 'web');

const ASSETS: Record<string, { file: () => string; type: string }> = {
  'history.js': { file: () => path.join(WEB_DIR, 'history.js'), type: 'text/javascript; charset=utf-8' },
  'history.css': { file: () => path.join(WEB_DIR, 'history.css'), type: 'text/css; charset=utf-8' },
  'uplot.min.js': { file: () => require.resolve('uplot/dist/uPlot.iife.min.js'), type: 'text/javascript; charset=utf-8' },
  'uplot.min.css': { file: () => require.resolve('uplot/dist/uPlot.min.css'), type: 'text/css; charset=utf-8' },
};

export interface PageOptions {
  /** Temporal's web UI, for the links from each run to its workflow. @default no links */
  temporalUiUrl?: string;
  /** @default 'default' */
  namespace?: string;
}

export function registerPageRoutes(app: FastifyInstance, options: PageOptions = {}): void {
  app.get('/models', async (_request, reply) => reply.type('text/html; charset=utf-8').send(page(options, { page: 'index' }, 'Models')));

  app.get('/models/:domain/:modelId', async (request, reply) => {
    const { domain, modelId } = validate(ModelParams, request.params, 'path');
    return reply.type('text/html; charset=utf-8').send(page(options, { page: 'model', domain, 'model-id': modelId }, `${domain} model ${modelId}`));
  });

  app.get('/assets/:file', async (request, reply) => {
    const name = (request.params as { file: string }).file;
    const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
    if (asset === undefined) throw new ApiError(404, 'NOT_FOUND', `No asset named ${name}; assets: ${Object.keys(ASSETS).join(', ')}`);
    return reply.type(asset.type).header('cache-control', 'no-cache').send(await readFile(asset.file()));
  });
}

function page(options: PageOptions, data: Record<string, string>, title: string): string {
  const attributes = {
    ...Object.fromEntries(Object.entries(data).map(([key, value]) => [`data-${key}`, value])),
    'data-api': '',
    'data-namespace': options.namespace ?? 'default',
    ...(options.temporalUiUrl !== undefined && { 'data-temporal-ui': options.temporalUiUrl.replace(/\/+$/, '') }),
  };
  const attrs = Object.entries(attributes).map(([key, value]) => `${key}="${escapeHtml(value)}"`).join(' ');
  const back = data.page === 'index' ? '' : '<p><a href="/models">All models</a></p>';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · einstein-retrain</title>
<link rel="stylesheet" href="/assets/uplot.min.css">
<link rel="stylesheet" href="/assets/history.css">
</head>
<body ${attrs}>
<main>
${back}<h1 id="title">${escapeHtml(title)}</h1>
<p class="muted">Every retrain report kept, with its quality verdict. Einstein retrains a model in place and cannot roll it back.</p>
<div id="root"><p class="muted">Loading…</p></div>
</main>
<script src="/assets/uplot.min.js"></script>
<script src="/assets/history.js"></script>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
