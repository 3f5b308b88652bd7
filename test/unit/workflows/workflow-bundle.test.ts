// What the workflow bundle holds. The SDK instantiates every module of it once per cached workflow and again on each
// replay, so workflow code stays orchestration only: no zod (about 1 MB of code, most of the bundle when it was in)
// and no report builders (src/report). Bundled here from the sources with the SDK's own bundler, as the worker does.
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../../../src/worker';

const quiet = { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** The module paths of a webpack bundle (development mode marks each module with a `/***\/ "path"` line). */
function modulesOf(code: string): string[] {
  return [...code.matchAll(/^\/\*\*\*\/ "([^"]+)"$/gm)].map((match) => match[1]!);
}

describe('the workflow bundle', () => {
  let modules: string[];
  beforeAll(async () => {
    const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quiet });
    modules = modulesOf(code);
  }, 120_000);

  it('is read module by module (the check below would pass on an unreadable bundle otherwise)', () => {
    expect(modules).toContain('./src/workflows/retrain-model.ts');
    expect(modules.some((m) => m.includes('node_modules/@temporalio/workflow/'))).toBe(true);
  });

  it('holds no zod', () => {
    expect(modules.filter((m) => m.includes('node_modules/zod/'))).toEqual([]);
  });

  it('holds none of the report builders', () => {
    expect(modules.filter((m) => m.includes('/src/report/'))).toEqual([]);
  });
});
