import { ConfigError } from '../../../src/config';

/** The issues a configuration loader refuses `env` with; fails the test when it accepts it or throws anything else. */
export function configIssues(load: (env: NodeJS.ProcessEnv) => unknown, env: NodeJS.ProcessEnv): string[] {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected a ConfigError');
}
