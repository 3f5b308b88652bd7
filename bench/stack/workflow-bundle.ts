/**
 * The benches run the product worker as `npm start` does: with the workflows bundled once beforehand
 * (EINSTEIN_RETRAIN_WORKFLOW_BUNDLE), not by webpack inside the measured worker at its start, whose hundreds of MiB
 * would otherwise sit in every peak RSS. Bundled from the current sources, into a temporary file, once per bench run.
 */
import { bundleWorkflowCode } from '@temporalio/worker';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WORKFLOWS_PATH } from '../../src/worker';

export interface BuiltBundle {
  codePath: string;
  sizeBytes: number;
  remove(): void;
}

export async function bundleProductWorkflows(): Promise<BuiltBundle> {
  const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: (m: string) => console.error(m) } });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-bundle-'));
  const codePath = path.join(dir, 'workflow-bundle.js');
  fs.writeFileSync(codePath, code);
  return { codePath, sizeBytes: Buffer.byteLength(code), remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
