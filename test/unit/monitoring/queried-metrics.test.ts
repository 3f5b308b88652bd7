// The Grafana dashboard and the alert rules query only metrics that exist: the application's (src/metrics), Node's
// process metrics (prom-client defaults) and the Temporal SDK names a worker is checked to serve. A renamed metric
// would otherwise leave an empty panel or an alert that can never fire.
import fs from 'node:fs';
import path from 'node:path';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { parse } from 'yaml';
import { APP_METRIC_NAMES } from '../../../src/metrics/app-metrics';
import { SDK_METRICS_QUERIED } from '../../helpers/sdk-metric-names';

const ROOT = path.resolve(__dirname, '../../..');
const dashboard = JSON.parse(fs.readFileSync(path.join(ROOT, 'monitoring/grafana/dashboards/einstein-retrain.json'), 'utf8')) as {
  uid: string;
  panels: Array<{ type: string; title: string; datasource?: { uid: string }; targets?: Array<{ expr: string }> }>;
};
const rules = parse(fs.readFileSync(path.join(ROOT, 'monitoring/prometheus/alerts.yml'), 'utf8')) as { groups: Array<{ rules: Array<{ alert: string; expr: string }> }> };

/** Metric names in a PromQL expression: snake_case identifiers outside strings, label matchers and `by (...)`. */
function metricNames(expr: string): string[] {
  const withoutStrings = expr
    .replace(/"[^"]*"/g, '""')
    .replace(/\{[^}]*\}/g, '{}')
    .replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, '');
  const words = withoutStrings.match(/[a-z_][a-z0-9_]*(?=\s*(\{|\[|\)|\s|$))/g) ?? [];
  const notMetrics = new Set(['histogram_quantile']);
  return words.filter((word) => !notMetrics.has(word) && /_/.test(word));
}

function known(): Set<string> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const processNames = registry.getMetricsAsArray().flatMap((metric) => [metric.name, `${metric.name}_bucket`]);
  const appNames = Object.values(APP_METRIC_NAMES).flatMap((name) => [name, `${name}_bucket`, `${name}_sum`, `${name}_count`]);
  return new Set([...appNames, ...processNames, ...SDK_METRICS_QUERIED]);
}

describe('metrics the dashboard and the alert rules query', () => {
  const exprs = [
    ...dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ where: `dashboard panel "${panel.title}"`, expr: target.expr }))),
    ...rules.groups.flatMap((group) => group.rules.map((rule) => ({ where: `alert ${rule.alert}`, expr: rule.expr }))),
  ];

  it('finds the expressions (the parser of this test sees metric names in them)', () => {
    expect(exprs.length).toBeGreaterThan(20);
    expect(metricNames('sum by (le) (rate(einstein_retrain_queue_wait_seconds_bucket{domain=~"$domain"}[6h]))')).toEqual(['einstein_retrain_queue_wait_seconds_bucket']);
  });

  it('every metric they name exists', () => {
    const names = known();
    const unknown = exprs.flatMap(({ where, expr }) => metricNames(expr).filter((name) => !names.has(name)).map((name) => `${where}: ${name}`));
    expect(unknown).toEqual([]);
  });

  it('every application metric is on the dashboard', () => {
    const queried = new Set(exprs.flatMap(({ expr }) => metricNames(expr)).map((name) => name.replace(/_(bucket|sum|count)$/, '')));
    expect(Object.values(APP_METRIC_NAMES).filter((name) => !queried.has(name))).toEqual([]);
  });

  it('every panel reads the provisioned Prometheus datasource', () => {
    const datasource = parse(fs.readFileSync(path.join(ROOT, 'monitoring/grafana/provisioning/datasources/prometheus.yml'), 'utf8')) as { datasources: Array<{ uid: string }> };
    for (const panel of dashboard.panels.filter((p) => p.type !== 'row')) expect({ panel: panel.title, uid: panel.datasource?.uid }).toEqual({ panel: panel.title, uid: datasource.datasources[0]!.uid });
  });
});
