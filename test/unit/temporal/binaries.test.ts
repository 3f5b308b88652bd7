import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveBinary, TEMPORAL_CLI, TemporalBinaryNotFoundError } from '../../../src/temporal/binaries';

function fakeBinary(dir: string, name: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, '#!/bin/sh\n', { mode: 0o755 });
  return file;
}

describe('resolveBinary', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bin-resolve-'));
  const explicit = fakeBinary(path.join(tmp, 'explicit'), 'temporal');
  const onPath = fakeBinary(path.join(tmp, 'path'), 'temporal');
  const venv = path.join(tmp, 'venv');
  const inVenv = fakeBinary(path.join(venv, 'bin'), 'temporal');

  it('prefers the explicit env var', () => {
    expect(resolveBinary(TEMPORAL_CLI, { TEMPORAL_CLI_PATH: explicit, PATH: path.dirname(onPath) }, venv)).toBe(explicit);
  });
  it('then PATH', () => {
    expect(resolveBinary(TEMPORAL_CLI, { PATH: `/nonexistent:${path.dirname(onPath)}` }, venv)).toBe(onPath);
  });
  it('then the project venv', () => {
    expect(resolveBinary(TEMPORAL_CLI, { PATH: '/nonexistent' }, venv)).toBe(inVenv);
  });
  it('says what to run when nothing is found', () => {
    const call = () => resolveBinary(TEMPORAL_CLI, { PATH: '' }, path.join(tmp, 'none'));
    expect(call).toThrow(TemporalBinaryNotFoundError);
    expect(call).toThrow(/npm run provision/);
  });
  it('rejects an explicit path that is not executable', () => {
    expect(() => resolveBinary(TEMPORAL_CLI, { TEMPORAL_CLI_PATH: path.join(tmp, 'missing') }, venv)).toThrow(
      /TEMPORAL_CLI_PATH/,
    );
  });
});
