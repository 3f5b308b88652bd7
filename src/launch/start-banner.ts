// The few lines `npm start` prints once the worker is ready: where everything is, and a command to paste.
import { FIXTURE } from '../emulator/state/fixture';
import { DEFAULT_TASK_QUEUE, DEFAULT_TEMPORAL_ADDRESS } from '../temporal/connection-settings';

export interface BannerFacts {
  temporalAddress: string;
  namespace: string;
  uiUrl?: string;
  /** Where the embedded dev server keeps its data; undefined when Temporal is configured. */
  temporalDbFile?: string;
  einsteinUrl: string;
  /** Time scale of the embedded emulator; undefined when Einstein is configured. */
  emulatorTimeScale?: number;
  taskQueue: string;
  metricsUrl?: string;
}

export function renderBanner(facts: BannerFacts): string {
  const temporal = [
    `${facts.temporalAddress} (namespace ${facts.namespace})`,
    facts.uiUrl ? `Web UI ${facts.uiUrl}` : undefined,
    facts.temporalDbFile ? `embedded dev server, data in ${facts.temporalDbFile}` : undefined,
  ];
  const einstein = [facts.einsteinUrl, facts.emulatorTimeScale !== undefined ? `embedded emulator, time scale ${facts.emulatorTimeScale}x` : undefined];
  const rows: Array<[string, string]> = [
    ['Temporal', join(temporal)],
    ['Einstein', join(einstein)],
    ['Task queue', facts.taskQueue],
    ['Metrics', facts.metricsUrl ?? 'off (EINSTEIN_RETRAIN_METRICS_PORT=0)'],
  ];
  return [
    'einstein-retrain worker ready',
    ...rows.map(([label, value]) => `  ${label.padEnd(10)}  ${value}`),
    'Retrain a model from another terminal:',
    `  ${cliCommand(facts)}`,
    'Stop with Ctrl-C: running activities finish first.',
  ].join('\n');
}

/** A command that reaches this worker as it is configured (env prefixes only where defaults do not apply). */
export function cliCommand(facts: Pick<BannerFacts, 'temporalAddress' | 'namespace' | 'taskQueue' | 'emulatorTimeScale'>): string {
  const env = [
    facts.temporalAddress !== DEFAULT_TEMPORAL_ADDRESS ? `TEMPORAL_ADDRESS=${facts.temporalAddress}` : undefined,
    facts.namespace !== 'default' ? `TEMPORAL_NAMESPACE=${facts.namespace}` : undefined,
    facts.taskQueue !== DEFAULT_TASK_QUEUE ? `EINSTEIN_RETRAIN_TASK_QUEUE=${facts.taskQueue}` : undefined,
  ].filter((part): part is string => part !== undefined);
  const modelId = facts.emulatorTimeScale !== undefined ? FIXTURE.models.visionImage.modelId : '<modelId>';
  return [...env, 'npm run cli -- retrain', modelId, '--wait'].join(' ');
}

function join(parts: Array<string | undefined>): string {
  return parts.filter((part): part is string => part !== undefined).join(' · ');
}
