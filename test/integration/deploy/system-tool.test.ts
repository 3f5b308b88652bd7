// The helper that skips checks needing a program outside node_modules: it finds executables on PATH only.
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DOCKER_COMPOSE, hasCommand, skipNote } from '../../helpers/system-tool';

describe('hasCommand', () => {
  const bin = mkdtempSync(path.join(os.tmpdir(), 'system-tool-'));
  writeFileSync(path.join(bin, 'tool-here'), '#!/bin/sh\n');
  chmodSync(path.join(bin, 'tool-here'), 0o755);
  writeFileSync(path.join(bin, 'not-executable'), '');
  chmodSync(path.join(bin, 'not-executable'), 0o644);
  mkdirSync(path.join(bin, 'a-directory'));

  const onlyPlatformsWithModes = process.platform === 'win32' ? it.skip : it;

  onlyPlatformsWithModes('finds an executable file in a PATH directory', () => {
    expect(hasCommand('tool-here', { PATH: ['/nonexistent', bin].join(path.delimiter) })).toBe(true);
  });

  onlyPlatformsWithModes('ignores files that are not executable, directories, and names not on PATH', () => {
    const env = { PATH: bin };
    expect(hasCommand('not-executable', env)).toBe(false);
    expect(hasCommand('a-directory', env)).toBe(false);
    expect(hasCommand('tool-here', { PATH: '' })).toBe(false);
    expect(hasCommand('tool-here', {})).toBe(false);
  });

  it('says which tool is missing and how to install it', () => {
    expect(skipNote(DOCKER_COMPOSE)).toBe('(skipped: docker-compose not installed — apt-get install docker-compose)');
  });
});
