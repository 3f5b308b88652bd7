// The worker's Prometheus endpoint: our application and process metrics (prom-client) next to the Temporal SDK's runtime metrics.
// The SDK serves its metrics on a private loopback port; this server appends them to ours under one /metrics.
import http from 'node:http';
import { request } from 'undici';
import type { Registry } from 'prom-client';

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

export async function startMetricsServer(options: {
  port: number;
  host?: string;
  registry: Registry;
  /** host:port where the Temporal runtime serves its Prometheus metrics */
  sdkMetricsAddress?: string;
}): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end('not found: try /metrics\n');
      return;
    }
    collect(options.registry, options.sdkMetricsAddress).then(
      (body) => res.writeHead(200, { 'content-type': options.registry.contentType }).end(body),
      (error: unknown) => res.writeHead(500).end(`metrics unavailable: ${String(error)}\n`),
    );
  });
  await new Promise<void>((resolve) => server.listen(options.port, options.host ?? '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}/metrics`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function collect(registry: Registry, sdkMetricsAddress?: string): Promise<string> {
  const ours = await registry.metrics();
  if (!sdkMetricsAddress) return ours;
  try {
    const { body } = await request(`http://${sdkMetricsAddress}/metrics`, { headersTimeout: 2_000, bodyTimeout: 2_000 });
    return `${ours}\n${await body.text()}`;
  } catch {
    return `${ours}\n# Temporal SDK metrics unavailable right now\n`;
  }
}
