// docker-compose.yml, read as data: the rules that make `docker compose up` start and stay safe, checked on every
// machine (no Docker engine needed), then `docker-compose config` where Debian's docker-compose is installed.
// The rules: volumes made writable for the uid that writes them by a step of our own, nothing run inside Temporal's
// scratch image, the private key readable by the user the worker runs as, one image for our services, ports bound
// to 127.0.0.1 unless EINSTEIN_RETRAIN_BIND opens them, no default secret, restart policies, healthchecks that need
// no curl, pinned image tags, and search attributes that match the workflows'.
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { triggerApiConfigFromEnv } from '../../../src/api';
import { loadConfig } from '../../../src/config';
import { writeDevKeys } from '../../../src/dev-keys';
import { freePort } from '../../../src/temporal/free-port';
import { SEARCH_ATTRIBUTES } from '../../../src/workflows/search-attributes';
import { describeWhen, DOCKER_COMPOSE } from '../../helpers/system-tool';

const execFileAsync = promisify(execFile);
const ROOT = path.resolve(__dirname, '../../..');
const COMPOSE_FILE = path.join(ROOT, 'docker-compose.yml');

interface Healthcheck {
  test?: string[];
  start_period?: string;
}
interface ComposeService {
  image?: string;
  build?: unknown;
  pull_policy?: string;
  user?: string;
  profiles?: string[];
  restart?: string;
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string | null>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: Healthcheck;
  networks?: Record<string, { aliases?: string[] }>;
}

// Merge keys on: the services share their image settings through one YAML anchor.
const compose = parse(fs.readFileSync(COMPOSE_FILE, 'utf8'), { merge: true }) as { services: Record<string, ComposeService>; volumes: Record<string, unknown> };
const services = compose.services;
const service = (name: string): ComposeService => {
  const found = services[name];
  if (!found) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
};

const OUR_IMAGE = /^einstein-retrain:/;
const ours = Object.entries(services).filter(([, s]) => OUR_IMAGE.test(s.image ?? ''));
/** Uid:gid of Temporal's image user and of the node user of ours (node images create node as 1000). */
const APP_USER = '1000:1000';
/** Services that run once and end; everything else runs for good. */
const ONE_SHOT = ['volume-init', 'keys', 'temporal-schema', 'temporal-namespace'];
/**
 * Services without a healthcheck, and why: temporalio/temporal is FROM scratch (no shell, nothing to run a probe
 * with); the contents of temporalio/ui, prom/prometheus and grafana/grafana are not ours to rely on either (their
 * probes would need curl or wget). All are optional to the worker, which waits for Temporal itself
 * (--wait-for-temporal); the monitoring profile is optional altogether.
 */
const NO_HEALTHCHECK = ['temporal', 'temporal-ui', 'prometheus', 'grafana'];

/** `${NAME:-default}` and `${NAME:?message}` as docker-compose reads them, with `set` standing for the shell. */
function interpolate(value: string, set: Record<string, string> = {}): string {
  return value.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_all, name: string, kind?: string, rest?: string) => {
    if (set[name] !== undefined && set[name] !== '') return set[name];
    if (kind === '?') throw new Error(`${name} is required: ${rest}`);
    return kind === '-' ? (rest ?? '') : '';
  });
}

/** A service's environment as the container gets it; pass-through entries (no value) are absent unless set. */
function environmentOf(name: string, set: Record<string, string> = {}): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(service(name).environment ?? {})) {
    if (value === null) {
      if (set[key] !== undefined) result[key] = set[key];
    } else result[key] = interpolate(value, set);
  }
  return result;
}

const TOKEN = { EINSTEIN_RETRAIN_API_TOKENS: 'a-token-of-at-least-16-characters' };

describe('docker-compose.yml: services and profiles', () => {
  it('has the worker, the emulator, their keys and one-shot volume step, and the two Temporal profiles', () => {
    expect(Object.keys(services).sort()).toEqual(
      ['einstein-emulator', 'grafana', 'keys', 'postgres', 'prometheus', 'temporal', 'temporal-namespace', 'temporal-schema', 'temporal-server', 'temporal-ui', 'volume-init', 'worker'].sort(),
    );
    for (const name of ['prometheus', 'grafana']) expect(service(name).profiles).toEqual(['monitoring']);
    expect(service('temporal').profiles).toEqual(['dev']);
    for (const name of ['postgres', 'temporal-schema', 'temporal-server', 'temporal-namespace']) expect(service(name).profiles).toEqual(['postgres']);
    expect(service('temporal-ui').profiles).toEqual(['dev', 'postgres']);
    for (const [name, s] of ours) expect({ name, profiles: s.profiles }).toEqual({ name, profiles: undefined });
  });

  it('runs the worker in every profile: it depends on no profiled service', () => {
    const profiled = new Set(Object.entries(services).filter(([, s]) => s.profiles).map(([name]) => name));
    for (const [name, s] of ours) {
      const needs = Object.keys(s.depends_on ?? {}).filter((dependency) => profiled.has(dependency));
      expect({ name, needs }).toEqual({ name, needs: [] });
    }
  });

  it('gives both Temporal backends the address the worker and the UI use (temporal:7233)', () => {
    expect(environmentOf('worker', TOKEN).TEMPORAL_ADDRESS).toBe('temporal:7233');
    expect(environmentOf('temporal-ui').TEMPORAL_ADDRESS).toBe('temporal:7233');
    expect(service('temporal-server').networks?.default?.aliases).toContain('temporal');
  });
});

describe('docker-compose.yml: volumes are writable by the uid that writes them', () => {
  it('runs Temporal as uid 1000, the user of its image, with its database inside the data volume, not a home folder', () => {
    const temporal = service('temporal');
    expect(temporal.user).toBe(APP_USER);
    expect(temporal.volumes).toEqual(['temporal-data:/data']);
    const dbFlag = (temporal.command ?? []).find((argument) => argument.startsWith('--db-filename='));
    expect(dbFlag).toBe('--db-filename=/data/temporal.db');
    expect(dbFlag).not.toMatch(/home|~/);
  });

  it('gives the volumes to uid 1000 in a one-shot step that runs as root before anything mounts them', () => {
    const init = service('volume-init');
    expect(init.user).toBe('0:0');
    expect(init.restart).toBe('no');
    expect(init.command?.slice(0, 3)).toEqual(['chown', '-R', APP_USER]);
    const mounted = Object.fromEntries((init.volumes ?? []).map((volume) => volume.split(':') as [string, string]));
    expect(Object.keys(mounted).sort()).toEqual(['history-data', 'keys', 'temporal-data']);
    expect(init.command?.slice(3).sort()).toEqual(Object.values(mounted).sort());
    for (const name of ['temporal', 'keys', 'worker']) expect(service(name).depends_on?.['volume-init']).toEqual({ condition: 'service_completed_successfully' });
  });

  it('runs nothing inside the temporalio/temporal image (FROM scratch: no shell, binary at /temporal)', () => {
    const temporal = service('temporal');
    expect(temporal.healthcheck).toBeUndefined();
    expect(temporal.entrypoint).toBeUndefined();
    for (const [name, s] of Object.entries(services)) {
      expect({ name, waitsForHealthyTemporal: s.depends_on?.temporal?.condition === 'service_healthy' }).toEqual({ name, waitsForHealthyTemporal: false });
    }
  });

  it('makes the worker wait for Temporal by retrying its connection', () => {
    const command = service('worker').command ?? [];
    expect(command.slice(0, 2)).toEqual(['node', 'dist/start.js']);
    const wait = Number(command[command.indexOf('--wait-for-temporal') + 1]);
    expect(wait).toBeGreaterThanOrEqual(60);
  });
});

describe('docker-compose.yml: the report history', () => {
  it('keeps the embedded history database on a named volume, so recreating the worker container keeps every report', () => {
    const env = environmentOf('worker', TOKEN);
    expect(env.EINSTEIN_RETRAIN_HISTORY_DIR).toBe('/history');
    expect(service('worker').volumes).toContain('history-data:/history');
    expect(Object.keys(compose.volumes)).toContain('history-data');
    // The history is on unless turned off, and no URL is set by default: the embedded database is the one used.
    expect(env.EINSTEIN_RETRAIN_KEEP_HISTORY ?? 'true').not.toBe('false');
    expect(env.EINSTEIN_RETRAIN_DATABASE_URL ?? '').toBe('');
  });

  it("creates the history volume's mount point in the image, owned by the user the worker runs as", () => {
    expect(fs.readFileSync(path.join(path.dirname(COMPOSE_FILE), 'Dockerfile'), 'utf8')).toMatch(/^RUN mkdir [^\n]*\/history\b[^\n]*&& chown node:node [^\n]*\/history\b/m);
  });
});

describe('docker-compose.yml: the private key', () => {
  it('is written by the user the worker runs as, and only mounted read-only elsewhere', () => {
    expect(service('keys').user).toBe(APP_USER);
    expect(service('worker').user).toBe(APP_USER);
    expect(service('keys').volumes).toEqual(['keys:/keys']);
    expect(service('worker').volumes).toEqual(['keys:/keys:ro', 'history-data:/history']);
    expect(service('einstein-emulator').volumes).toEqual(['keys:/keys:ro']);
    expect(environmentOf('worker', TOKEN).EINSTEIN_PRIVATE_KEY_FILE).toBe('/keys/einstein_platform.pem');
    expect(service('keys').command).toEqual(['node', 'dist/dev-keys.js', '/keys']);
  });

  it('is mode 0600 and owned by the uid that wrote it, so that uid (and only it) can read it', () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'compose-keys-'));
    const { privateKeyFile, publicKeyFile } = writeDevKeys(directory);
    const key = fs.statSync(privateKeyFile);
    expect(key.mode & 0o777).toBe(0o600);
    expect(key.uid).toBe(process.getuid?.());
    expect(fs.statSync(publicKeyFile).mode & 0o777).toBe(0o644);
    expect(() => fs.readFileSync(privateKeyFile, 'utf8')).not.toThrow();
  });
});

describe('docker-compose.yml: one image for our services', () => {
  it('builds it in one service and reuses the same tag, never pulled, everywhere else', () => {
    const built = Object.entries(services).filter(([, s]) => s.build !== undefined);
    expect(built.map(([name]) => name)).toEqual(['worker']);
    expect(ours.map(([name]) => name).sort()).toEqual(['einstein-emulator', 'keys', 'volume-init', 'worker']);
    expect(new Set(ours.map(([, s]) => s.image)).size).toBe(1);
    for (const [name, s] of ours) expect({ name, pull: s.pull_policy }).toEqual({ name, pull: 'never' });
    for (const [name, s] of ours.filter(([n]) => n !== 'volume-init')) expect({ name, user: s.user }).toEqual({ name, user: APP_USER });
  });

  it('pins every other image to a version', () => {
    for (const [name, s] of Object.entries(services).filter(([, s]) => !OUR_IMAGE.test(s.image ?? ''))) {
      expect({ name, image: s.image }).toEqual({ name, image: expect.stringMatching(/^[\w./-]+:v?\d+\.\d+(\.\d+)?(-[\w.]+)?$/) });
    }
    expect(service('temporal').image).toBe('temporalio/temporal:1.9.1');
  });
});

describe('docker-compose.yml: network exposure and secrets', () => {
  it('binds every published port to 127.0.0.1 unless EINSTEIN_RETRAIN_BIND opens it', () => {
    const published = Object.entries(services).flatMap(([name, s]) => (s.ports ?? []).map((port) => ({ name, port })));
    expect(published.length).toBeGreaterThan(0);
    for (const { name, port } of published) {
      expect({ name, port }).toEqual({ name, port: expect.stringMatching(/^\$\{EINSTEIN_RETRAIN_BIND:-127\.0\.0\.1\}:\d+:\d+$/) });
    }
    expect(service('postgres').ports).toBeUndefined();
  });

  it('has no default secret: the API token is required, passwords default to empty (refused) and keys pass through', () => {
    const secretName = /TOKEN|SECRET|PASSWORD|PWD|API_KEY|PRIVATE_KEY$/;
    for (const [name, s] of Object.entries(services)) {
      for (const [variable, value] of Object.entries(s.environment ?? {})) {
        if (!secretName.test(variable)) continue;
        const safe = value === null || /^\$\{\w+:\?[^}]+\}$/.test(value) || /^\$\{\w+:-\}$/.test(value);
        expect({ service: name, variable, value, safe }).toEqual({ service: name, variable, value, safe: true });
      }
    }
    expect(service('worker').environment?.EINSTEIN_RETRAIN_API_TOKENS).toMatch(/^\$\{EINSTEIN_RETRAIN_API_TOKENS:\?/);
    expect(() => environmentOf('worker')).toThrow(/EINSTEIN_RETRAIN_API_TOKENS is required/);
  });

  it("gives the worker an environment that passes npm start's configuration check once a token is set", () => {
    const environment = environmentOf('worker', TOKEN);
    expect(environment).toMatchObject({ TEMPORAL_ADDRESS: 'temporal:7233', EINSTEIN_BASE_URL: 'http://einstein-emulator:8099' });
    expect(() => loadConfig(environment)).not.toThrow();
    expect(triggerApiConfigFromEnv(environment)).toMatchObject({ port: 8088, host: '0.0.0.0', bearerTokens: [TOKEN.EINSTEIN_RETRAIN_API_TOKENS] });
  });
});

describe('docker-compose.yml: restarts and health', () => {
  it('restarts long-running services unless stopped; one-shot steps run once and are waited for to complete', () => {
    for (const [name, s] of Object.entries(services)) {
      expect({ name, restart: s.restart }).toEqual({ name, restart: ONE_SHOT.includes(name) ? 'no' : 'unless-stopped' });
    }
    const completions = Object.values(services).flatMap((s) => Object.entries(s.depends_on ?? {}));
    for (const [dependency, { condition }] of completions) {
      if (ONE_SHOT.includes(dependency)) expect({ dependency, condition }).toEqual({ dependency, condition: 'service_completed_successfully' });
    }
  });

  it('health-checks every long-running service but the two whose images we do not run commands in', () => {
    for (const [name, s] of Object.entries(services).filter(([n]) => !ONE_SHOT.includes(n))) {
      expect({ name, healthcheck: s.healthcheck !== undefined }).toEqual({ name, healthcheck: !NO_HEALTHCHECK.includes(name) });
    }
    for (const [name, s] of Object.entries(services)) {
      expect({ name, test: s.healthcheck?.test?.join(' ') ?? '' }).not.toEqual({ name, test: expect.stringMatching(/\b(curl|wget)\b/) });
    }
    expect(service('postgres').healthcheck?.test?.slice(0, 2)).toEqual(['CMD', 'pg_isready']);
  });

  it("checks the worker on its metrics endpoint with node, allowing for the wait for Temporal", () => {
    const test = service('worker').healthcheck?.test ?? [];
    expect(test.slice(0, 3)).toEqual(['CMD', 'node', '-e']);
    expect(test[3]).toContain(`http://127.0.0.1:${environmentOf('worker', TOKEN).EINSTEIN_RETRAIN_METRICS_PORT}/metrics`);
    expect(service('worker').healthcheck?.start_period).toBe('5m');
    expect(service('einstein-emulator').healthcheck?.test?.slice(0, 3)).toEqual(['CMD', 'node', '-e']);
  });

  it("the healthcheck one-liners pass on 200 and fail on an error status or a closed port", async () => {
    const runCheck = async (script: string, port: number) =>
      execFileAsync(process.execPath, ['-e', script.replace(/127\.0\.0\.1:\d+/, `127.0.0.1:${port}`)], { timeout: 10_000 }).then(
        () => 0,
        (error: { code: number }) => error.code,
      );
    let status = 200;
    const server = http.createServer((_req, res) => res.writeHead(status).end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      for (const name of ['worker', 'einstein-emulator']) {
        const script = service(name).healthcheck?.test?.[3] ?? '';
        status = 200;
        expect({ name, exit: await runCheck(script, port) }).toEqual({ name, exit: 0 });
        status = 503;
        expect({ name, exit: await runCheck(script, port) }).toEqual({ name, exit: 1 });
        expect({ name, exit: await runCheck(script, await freePort()) }).toEqual({ name, exit: 1 });
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('docker-compose.yml: search attributes', () => {
  const expected = SEARCH_ATTRIBUTES.map((sa) => `${sa.name}=${sa.type}`).sort();

  it('registers every search attribute the workflows set, and no other, on the dev server', () => {
    const registered = (service('temporal').command ?? []).filter((argument) => argument.startsWith('--search-attribute='));
    expect(registered.map((argument) => argument.slice('--search-attribute='.length)).sort()).toEqual(expected);
  });

  it('registers the same list in the postgres profile (scripts/compose/temporal-namespace.sh)', () => {
    const script = fs.readFileSync(path.join(ROOT, 'scripts', 'compose', 'temporal-namespace.sh'), 'utf8');
    const list = /^SEARCH_ATTRIBUTES="([^"]*)"$/m.exec(script)?.[1] ?? '';
    expect(list.split(/\s+/).filter(Boolean).sort()).toEqual(expected);
    expect(service('temporal-namespace').command).toEqual(['/scripts/temporal-namespace.sh']);
    expect(service('temporal-schema').command).toEqual(['/scripts/temporal-postgres-schema.sh']);
    for (const name of ['temporal-namespace', 'temporal-schema']) expect(service(name).volumes).toEqual(['./scripts/compose:/scripts:ro']);
  });
});

describe('docker-compose.yml: the monitoring profile', () => {
  const mounts = (name: string) => Object.fromEntries((service(name).volumes ?? []).map((volume) => volume.split(':').slice(0, 2) as [string, string]));

  it("gives Prometheus the repo's scrape config and alert rules, read-only, and a volume for its data", () => {
    const mounted = mounts('prometheus');
    expect(mounted['./monitoring/prometheus']).toBe('/etc/prometheus/einstein-retrain');
    expect(service('prometheus').volumes).toContain('./monitoring/prometheus:/etc/prometheus/einstein-retrain:ro');
    expect(service('prometheus').command).toContain('--config.file=/etc/prometheus/einstein-retrain/prometheus.yml');
    const scrape = parse(fs.readFileSync(path.join(ROOT, 'monitoring/prometheus/prometheus.yml'), 'utf8')) as {
      rule_files: string[];
      scrape_configs: Array<{ job_name: string; dns_sd_configs: Array<{ names: string[]; port: number }> }>;
    };
    expect(scrape.rule_files).toEqual(['/etc/prometheus/einstein-retrain/alerts.yml']);
    // Every worker replica, on the port the worker's environment gives its metrics endpoint.
    expect(scrape.scrape_configs[0]!.dns_sd_configs[0]).toMatchObject({ names: ['worker'], port: Number(environmentOf('worker', TOKEN).EINSTEIN_RETRAIN_METRICS_PORT) });
  });

  it('provisions the datasource and the dashboard into Grafana, which has no login and so no default password', () => {
    const mounted = mounts('grafana');
    expect(mounted['./monitoring/grafana/dashboards']).toBe('/etc/grafana/dashboards/einstein-retrain');
    const provider = parse(fs.readFileSync(path.join(ROOT, 'monitoring/grafana/provisioning/dashboards/einstein-retrain.yml'), 'utf8')) as { providers: Array<{ options: { path: string } }> };
    expect(provider.providers[0]!.options.path).toBe('/etc/grafana/dashboards/einstein-retrain');
    const datasource = parse(fs.readFileSync(path.join(ROOT, 'monitoring/grafana/provisioning/datasources/prometheus.yml'), 'utf8')) as { datasources: Array<{ uid: string; url: string }> };
    expect(datasource.datasources[0]).toMatchObject({ uid: 'prometheus', url: 'http://prometheus:9090' });
    expect(environmentOf('grafana')).toMatchObject({
      GF_AUTH_ANONYMOUS_ENABLED: 'true',
      GF_AUTH_ANONYMOUS_ORG_ROLE: 'Viewer',
      GF_AUTH_DISABLE_LOGIN_FORM: 'true',
      GF_AUTH_BASIC_ENABLED: 'false',
    });
    for (const mount of service('grafana').volumes!.filter((volume) => volume.startsWith('./'))) expect(mount).toMatch(/:ro$/);
  });
});

describeWhen(DOCKER_COMPOSE, 'docker-compose config accepts docker-compose.yml', () => {
  // Only what the test sets: a developer's own TEMPORAL_ADDRESS or token must not change the answer.
  const baseEnv = { PATH: process.env.PATH ?? '', HOME: os.tmpdir() };
  const config = (env: Record<string, string>, args: string[] = []) =>
    execFileSync(DOCKER_COMPOSE.command, ['-f', COMPOSE_FILE, ...args, 'config'], { cwd: ROOT, env: { ...baseEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }).toString();

  it('resolves every service and the worker\'s defaults once the API token is set', () => {
    const resolved = config(TOKEN);
    for (const name of Object.keys(services)) expect(resolved).toContain(`  ${name}:`);
    expect(resolved).toMatch(/TEMPORAL_ADDRESS: temporal:7233/);
    expect(resolved).toMatch(/EINSTEIN_BASE_URL: http:\/\/einstein-emulator:8099/);
    for (const sa of SEARCH_ATTRIBUTES) expect(resolved).toContain(`--search-attribute=${sa.name}=${sa.type}`);
  });

  it('publishes on 127.0.0.1 by default and where EINSTEIN_RETRAIN_BIND says', () => {
    // Short syntax ("127.0.0.1:8088:8088/tcp", docker-compose 1.x) or long ({ host_ip, published }, Compose v2).
    const hostAddresses = (text: string) =>
      Object.values((parse(text) as { services: Record<string, { ports?: Array<string | { host_ip?: string }> }> }).services).flatMap((s) =>
        (s.ports ?? []).map((port) => (typeof port === 'string' ? (port.split(':').length === 3 ? port.split(':')[0] : '(all interfaces)') : (port.host_ip ?? '(all interfaces)'))),
      );
    // Compose v2 leaves out services of profiles not enabled; every port it does list must be bound.
    const byDefault = hostAddresses(config(TOKEN));
    expect(byDefault.length).toBeGreaterThanOrEqual(3);
    expect(new Set(byDefault)).toEqual(new Set(['127.0.0.1']));
    expect(new Set(hostAddresses(config({ ...TOKEN, EINSTEIN_RETRAIN_BIND: '0.0.0.0' })))).toEqual(new Set(['0.0.0.0']));
  });

  it('refuses to run without an API token, naming the variable', () => {
    expect(() => config({})).toThrow(/EINSTEIN_RETRAIN_API_TOKENS/);
  });

  it('accepts the .env that scripts/compose-env.js writes', () => {
    const envFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'compose-env-')), '.env');
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'compose-env.js'), '--file', envFile]);
    expect(config({}, ['--env-file', envFile])).toMatch(/EINSTEIN_RETRAIN_API_TOKENS: [0-9a-f]{64}/);
  });
});
