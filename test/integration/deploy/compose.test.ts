// docker-compose.yml registers exactly the search attributes the workflows use and wires the worker to Temporal and
// the emulator (read from the file itself, on every machine), and is valid for docker-compose (checked by Debian's
// docker-compose, as users' machines would, where it is installed).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { triggerApiConfigFromEnv } from '../../../src/api';
import { loadConfig } from '../../../src/config';
import { SEARCH_ATTRIBUTES } from '../../../src/workflows/search-attributes';
import { describeWhen, DOCKER_COMPOSE } from '../../helpers/system-tool';

const ROOT = path.resolve(__dirname, '../../..');
const COMPOSE_FILE = path.join(ROOT, 'docker-compose.yml');

interface ComposeService {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
}

const compose = parse(readFileSync(COMPOSE_FILE, 'utf8')) as { services: Record<string, ComposeService> };
const service = (name: string): ComposeService => compose.services[name] ?? {};

/** `${NAME:-default}` as docker-compose reads it when NAME is unset. */
function withDefaults(environment: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(environment).map(([name, value]) => [name, value.replace(/\$\{\w+:-([^}]*)\}/g, '$1')]));
}

describe('docker-compose.yml', () => {
  it('defines Temporal, its UI, the emulator, the keys and the worker', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['einstein-emulator', 'keys', 'temporal', 'temporal-ui', 'worker']);
    expect(service('temporal').image).toMatch(/^temporalio\/temporal:/);
    expect(service('temporal').command).toEqual(expect.arrayContaining(['start-dev', '--db-filename=/data/temporal.db']));
  });

  it('registers every search attribute the workflows set, and no other', () => {
    const registered = (service('temporal').command ?? []).filter((argument) => argument.startsWith('--search-attribute='));
    expect(registered.sort()).toEqual(SEARCH_ATTRIBUTES.map((sa) => `--search-attribute=${sa.name}=${sa.type}`).sort());
  });

  it('points the worker at Temporal and, by default, at the emulator', () => {
    const environment = withDefaults(service('worker').environment ?? {});
    expect(environment).toMatchObject({ TEMPORAL_ADDRESS: 'temporal:7233', EINSTEIN_BASE_URL: 'http://einstein-emulator:8099' });
  });

  it("gives the worker an environment that passes npm start's configuration check", () => {
    const environment = withDefaults(service('worker').environment ?? {});
    expect(() => loadConfig(environment)).not.toThrow();
    expect(triggerApiConfigFromEnv(environment)).toMatchObject({ port: 8088, host: '0.0.0.0' });
  });
});

describeWhen(DOCKER_COMPOSE, 'docker-compose config accepts docker-compose.yml', () => {
  let config = '';

  beforeAll(() => {
    // EINSTEIN_BASE_URL empty: the file's default applies whatever the developer's shell has set.
    config = execFileSync(DOCKER_COMPOSE.command, ['-f', COMPOSE_FILE, 'config'], { cwd: ROOT, env: { ...process.env, EINSTEIN_BASE_URL: '' } }).toString();
  });

  it('resolves every service', () => {
    for (const name of Object.keys(compose.services)) expect(config).toContain(`  ${name}:`);
  });

  it('keeps the search attributes and resolves the worker\'s defaults', () => {
    for (const sa of SEARCH_ATTRIBUTES) expect(config).toContain(`--search-attribute=${sa.name}=${sa.type}`);
    expect(config).toMatch(/TEMPORAL_ADDRESS: temporal:7233/);
    expect(config).toMatch(/EINSTEIN_BASE_URL: http:\/\/einstein-emulator:8099/);
  });
});
