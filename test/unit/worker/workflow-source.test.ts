// Which workflow code the worker runs: a prebuilt bundle beside the compiled code (dist/, after `npm run build`) or
// named by EINSTEIN_RETRAIN_WORKFLOW_BUNDLE; otherwise the sources, bundled by webpack at start-up (ts-node, tests).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../../../src/config';
import { WORKFLOW_BUNDLE_ENV, WORKFLOW_BUNDLE_FILE, WORKFLOWS_PATH, describeWorkflowSource, workflowSource } from '../../../src/worker';

const emptyDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'workflow-source-'));

function withBundle(): { dir: string; bundle: string } {
  const dir = emptyDir();
  const bundle = path.join(dir, WORKFLOW_BUNDLE_FILE);
  fs.writeFileSync(bundle, '// a bundle\n');
  return { dir, bundle };
}

function issuesOf(read: () => unknown): string[] {
  try {
    read();
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('workflowSource', () => {
  it('bundles the sources when no bundle sits beside the module (ts-node, tests, the demo)', () => {
    expect(workflowSource({}, emptyDir())).toEqual({ workflowsPath: WORKFLOWS_PATH });
  });

  it('runs from the sources in this repository checkout, where src/ holds no bundle', () => {
    expect(workflowSource({})).toEqual({ workflowsPath: WORKFLOWS_PATH });
  });

  it('loads the prebuilt bundle beside the compiled module', () => {
    const { dir, bundle } = withBundle();
    expect(workflowSource({}, dir)).toEqual({ workflowBundle: { codePath: bundle } });
  });

  it(`takes the bundle ${WORKFLOW_BUNDLE_ENV} names, before the one beside the module`, () => {
    const beside = withBundle();
    const named = withBundle();
    expect(workflowSource({ [WORKFLOW_BUNDLE_ENV]: named.bundle }, beside.dir)).toEqual({ workflowBundle: { codePath: named.bundle } });
  });

  it(`refuses a ${WORKFLOW_BUNDLE_ENV} that is empty or names no file, instead of falling back to webpack`, () => {
    const dir = emptyDir();
    expect(issuesOf(() => workflowSource({ [WORKFLOW_BUNDLE_ENV]: ' ' }, dir))).toEqual([
      `${WORKFLOW_BUNDLE_ENV}: expected the path of a workflow bundle; it is set but empty: give a value, or unset it`,
    ]);
    const missing = path.join(dir, 'nope.js');
    expect(issuesOf(() => workflowSource({ [WORKFLOW_BUNDLE_ENV]: missing }, dir))).toEqual([
      `${WORKFLOW_BUNDLE_ENV}: ${missing} is not a file (build one with npm run build)`,
    ]);
    expect(issuesOf(() => workflowSource({ [WORKFLOW_BUNDLE_ENV]: dir }, dir))[0]).toContain('is not a file');
  });

  it('says in one line which code the worker runs', () => {
    expect(describeWorkflowSource({ workflowBundle: { codePath: '/app/dist/workflow-bundle.js' } })).toBe('prebuilt bundle /app/dist/workflow-bundle.js');
    expect(describeWorkflowSource({ workflowsPath: '/src/workflows/index.ts' })).toBe('bundled at start-up from /src/workflows/index.ts');
  });
});
