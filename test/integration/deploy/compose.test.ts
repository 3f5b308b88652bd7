// docker-compose.yml is valid (checked by Debian's docker-compose, as users' machines would) and registers exactly
// the search attributes the workflows use.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { SEARCH_ATTRIBUTES } from '../../../src/workflows/search-attributes';

const ROOT = path.resolve(__dirname, '../../..');

describe('docker-compose.yml', () => {
  const config = execFileSync('docker-compose', ['-f', path.join(ROOT, 'docker-compose.yml'), 'config'], {
    cwd: ROOT,
    env: { ...process.env, EINSTEIN_BASE_URL: '' },
  }).toString();

  it('defines Temporal, its UI, the emulator and the worker', () => {
    for (const service of ['temporal:', 'temporal-ui:', 'einstein-emulator:', 'worker:', 'keys:']) expect(config).toContain(`  ${service}`);
    expect(config).toMatch(/image: temporalio\/temporal:/);
    expect(config).toMatch(/start-dev/);
    expect(config).toMatch(/--db-filename=\/data\/temporal.db/);
  });

  it('registers every search attribute the workflows set', () => {
    for (const sa of SEARCH_ATTRIBUTES) expect(config).toContain(`--search-attribute=${sa.name}=${sa.type}`);
  });

  it('points the worker at Temporal and the emulator by default', () => {
    expect(config).toMatch(/TEMPORAL_ADDRESS: temporal:7233/);
    expect(config).toMatch(/EINSTEIN_BASE_URL: http:\/\/einstein-emulator:8099/);
  });
});
