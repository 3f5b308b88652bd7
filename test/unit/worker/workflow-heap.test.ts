import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { defaultWorkflowHeapMb, WORKER_DEFAULTS, workflowHeapNeededMb } from '../../../src/config';
import { workflowHeapLimit } from '../../../src/workflow-heap';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

describe('the workflow thread heap limit', () => {
  it('is the default when nothing is set', () => {
    expect(workflowHeapLimit(undefined, 224)).toEqual({ mb: 224, source: 'default' });
  });

  it('defaults to room for a full cache and as much again, growing with the cache', () => {
    for (const cache of [2, 100, WORKER_DEFAULTS.maxCachedWorkflows, 5000]) {
      const mb = defaultWorkflowHeapMb(cache);
      expect(mb).toBeGreaterThanOrEqual(2 * workflowHeapNeededMb(cache));
      expect(mb % 16).toBe(0);
    }
    expect(defaultWorkflowHeapMb(1000)).toBeGreaterThan(defaultWorkflowHeapMb(500));
  });

  it('is the variable when it is set; 0 sets none', () => {
    expect(workflowHeapLimit(300, 512)).toEqual({ mb: 300, source: 'EINSTEIN_RETRAIN_WORKFLOW_HEAP_MB' });
    expect(workflowHeapLimit(0, 512)).toEqual({ source: 'off' });
  });

  // In a process of its own: the flag is process-wide and would reach every worker thread this test process starts.
  it('limits a worker thread started after it, and not the main thread that set it', () => {
    const script = `
      const v8 = require('node:v8');
      const { Worker } = require('node:worker_threads');
      const { applyWorkflowHeapLimit } = require('./src/workflow-heap');
      const mainBefore = v8.getHeapStatistics().heap_size_limit;
      applyWorkflowHeapLimit({ mb: 100, source: 'default' });
      const worker = new Worker("require('node:worker_threads').parentPort.postMessage(require('node:v8').getHeapStatistics().heap_size_limit)", { eval: true });
      worker.once('message', (threadLimit) => {
        console.log(JSON.stringify({ mainBefore, mainAfter: v8.getHeapStatistics().heap_size_limit, threadLimit }));
        void worker.terminate();
      });`;
    const out = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], { cwd: REPO_ROOT, encoding: 'utf8' });
    const { mainBefore, mainAfter, threadLimit } = JSON.parse(out) as { mainBefore: number; mainAfter: number; threadLimit: number };
    const mib = (bytes: number) => bytes / 2 ** 20;
    // Old space 100 MiB plus the young generation V8 sizes from it; the main thread keeps what node started it with.
    expect(mib(threadLimit)).toBeGreaterThanOrEqual(100);
    expect(mib(threadLimit)).toBeLessThan(160);
    expect(mainAfter).toBe(mainBefore);
  }, 60_000);
});
