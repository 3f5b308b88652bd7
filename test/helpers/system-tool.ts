// Tests that need a program from outside node_modules (docker-compose, promtool, postgres, chromium) run where it
// is installed and are skipped elsewhere, with a title and a warning that say which check did not run and how to
// install what it needs, so that `npm test` passes on any machine and the gap stays visible.
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

/** A program some tests need, and how a developer gets it. */
export interface SystemTool {
  /** The command looked up on PATH, e.g. 'docker-compose'. */
  command: string;
  /** How to install it, e.g. 'apt-get install docker-compose'. */
  install: string;
}

/** Whether `name` is an executable file in one of the PATH directories of `env`. */
export function hasCommand(name: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const directories = (env.PATH ?? '').split(path.delimiter).filter((directory) => directory !== '');
  return directories.some((directory) => executableNames(name, env).some((file) => isExecutable(path.join(directory, file))));
}

/** Windows finds `docker-compose.exe` when asked for `docker-compose`; other systems use the name as it is. */
function executableNames(name: string, env: NodeJS.ProcessEnv): string[] {
  if (process.platform !== 'win32') return [name];
  const extensions = (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';').filter((extension) => extension !== '');
  return [name, ...extensions.map((extension) => `${name}${extension.toLowerCase()}`)];
}

function isExecutable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The suffix of a skipped test's title: "(skipped: docker-compose not installed — apt-get install docker-compose)". */
export function skipNote(tool: SystemTool): string {
  return `(skipped: ${tool.command} not installed — ${tool.install})`;
}

/**
 * `describe` when `tool` is on PATH; otherwise `describe.skip`, its title saying why, and one console.warn naming
 * the check that could not run. `env` is for tests of this helper.
 */
export function describeWhen(tool: SystemTool, title: string, body: () => void, env: NodeJS.ProcessEnv = process.env): void {
  if (hasCommand(tool.command, env)) {
    describe(title, body);
    return;
  }
  console.warn(`Not checked: ${title} — ${tool.command} is not installed (${tool.install}).`);
  describe.skip(`${title} ${skipNote(tool)}`, body);
}

export const DOCKER_COMPOSE: SystemTool = { command: 'docker-compose', install: 'apt-get install docker-compose' };
export const PROMTOOL: SystemTool = { command: 'promtool', install: "apt-get install prometheus (Debian's package provides promtool)" };
