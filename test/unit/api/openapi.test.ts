// The OpenAPI file must describe the server as built: the same routes, request examples that the server's own zod
// schemas accept, every error code, and the security of each route.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { API_ERROR_CODES, REQUEST_BODY_SCHEMAS, registeredRoutes } from '../../../src/api';
import { buildTestApp, type TestApp } from './harness';

const OPENAPI_FILE = path.join(__dirname, '../../../openapi/einstein-retrain.yaml');
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

interface Operation {
  security?: unknown[];
  requestBody?: { content: Record<string, { schema: { $ref: string }; examples?: Record<string, { value: unknown }> }> };
  responses: Record<string, unknown>;
}
interface OpenApi {
  openapi: string;
  security: Record<string, unknown>[];
  paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>;
  components: { schemas: Record<string, { properties?: Record<string, { properties?: Record<string, { enum?: string[] }> }> }>; securitySchemes: Record<string, unknown> };
}

const spec = parse(fs.readFileSync(OPENAPI_FILE, 'utf8')) as OpenApi;
const operations = Object.entries(spec.paths).flatMap(([route, item]) =>
  METHODS.filter((method) => item[method]).map((method) => ({ route, method, operation: item[method]! })),
);

describe('OpenAPI file', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await buildTestApp();
  });
  afterAll(() => api.close());

  it('is OpenAPI 3.1', () => {
    expect(spec.openapi).toMatch(/^3\.1\./);
  });

  it('resolves every $ref', () => {
    const refs: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if (key === '$ref') refs.push(String(value));
          else walk(value);
        }
      }
    };
    walk(spec);
    expect(refs.length).toBeGreaterThan(20);
    const unresolved = refs.filter((ref) => {
      const target = ref.replace(/^#\//, '').split('/').reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], spec);
      return target === undefined;
    });
    expect(unresolved).toEqual([]);
  });

  it('lists exactly the routes the server serves', () => {
    const documented = operations.map(({ route, method }) => `${method.toUpperCase()} ${route}`).sort();
    const served = registeredRoutes(api.app)
      .map(({ method, url }) => `${method} ${url.replace(/:(\w+)/g, '{$1}')}`)
      .sort();
    expect(served.length).toBeGreaterThan(0);
    expect(documented).toEqual(served);
  });

  it('has request examples that the server accepts, for every request body', () => {
    const bodies = operations.filter(({ operation }) => operation.requestBody);
    expect(bodies.length).toBe(4);
    for (const { route, operation } of bodies) {
      const media = operation.requestBody!.content['application/json']!;
      const name = media.schema.$ref.replace('#/components/schemas/', '') as keyof typeof REQUEST_BODY_SCHEMAS;
      const schema = REQUEST_BODY_SCHEMAS[name];
      expect({ route, schema: name, known: schema !== undefined }).toEqual({ route, schema: name, known: true });
      const examples = Object.values(media.examples ?? {});
      expect(examples.length).toBeGreaterThan(0);
      for (const example of examples) {
        const result = schema.safeParse(example.value);
        expect({ route, example: example.value, issues: result.error?.issues ?? [] }).toEqual({ route, example: example.value, issues: [] });
      }
    }
  });

  it('names every error code the server uses', () => {
    const codes = spec.components.schemas.Error!.properties!.error!.properties!.code!.enum;
    expect([...(codes ?? [])].sort()).toEqual([...API_ERROR_CODES].sort());
  });

  it('documents both auth schemes and a 400 and 401 answer on every /v1 route; /healthz and the pages need none', () => {
    expect(Object.keys(spec.components.securitySchemes).sort()).toEqual(['bearerToken', 'hmacSignature', 'hmacTimestamp']);
    expect(spec.security).toEqual([{ bearerToken: [] }, { hmacTimestamp: [], hmacSignature: [] }]);
    for (const { route, method, operation } of operations) {
      // The pages' HTML and assets hold no data: their script reads /v1 with the API's credentials.
      if (!route.startsWith('/v1/')) {
        expect({ route, security: operation.security }).toEqual({ route, security: [] });
        continue;
      }
      expect({ route, method, security: operation.security }).toEqual({ route, method, security: undefined });
      expect({ route, method, statuses: Object.keys(operation.responses) }).toEqual({
        route,
        method,
        statuses: expect.arrayContaining(['400', '401', '503']),
      });
    }
  });
});
