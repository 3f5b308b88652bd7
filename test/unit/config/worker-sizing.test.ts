import { loadConfig, WORKER_DEFAULTS } from '../../../src/config';
import { configIssues } from './config-issues';

const issues = (env: NodeJS.ProcessEnv) => configIssues(loadConfig, env);

describe('worker cache and slot settings', () => {
  it('uses the measured defaults when nothing is set', () => {
    expect(loadConfig({}).workerSizing).toEqual(WORKER_DEFAULTS);
  });

  it('reads each override', () => {
    expect(
      loadConfig({
        EINSTEIN_RETRAIN_MAX_CACHED_WORKFLOWS: '1000',
        EINSTEIN_RETRAIN_MAX_CONCURRENT_WORKFLOW_TASKS: '20',
        EINSTEIN_RETRAIN_MAX_CONCURRENT_ACTIVITIES: '50',
        EINSTEIN_RETRAIN_MAX_CONCURRENT_LOCAL_ACTIVITIES: '200',
      }).workerSizing,
    ).toEqual({ maxCachedWorkflows: 1000, maxConcurrentWorkflowTaskExecutions: 20, maxConcurrentActivityTaskExecutions: 50, maxConcurrentLocalActivityExecutions: 200 });
  });

  it.each([
    ['EINSTEIN_RETRAIN_MAX_CACHED_WORKFLOWS', '1', 'expected an integer from 2 to 100000'],
    ['EINSTEIN_RETRAIN_MAX_CACHED_WORKFLOWS', '0', 'expected an integer from 2 to 100000'],
    ['EINSTEIN_RETRAIN_MAX_CACHED_WORKFLOWS', 'lots', 'expected an integer from 2 to 100000'],
    ['EINSTEIN_RETRAIN_MAX_CONCURRENT_ACTIVITIES', '1', 'expected an integer from 2 to 10000'],
    ['EINSTEIN_RETRAIN_MAX_CONCURRENT_LOCAL_ACTIVITIES', '10001', 'expected an integer from 2 to 10000'],
    ['EINSTEIN_RETRAIN_MAX_CONCURRENT_WORKFLOW_TASKS', '2.5', 'expected an integer from 2 to 10000'],
  ])('refuses %s=%p, naming the variable and the range', (name, value, accepts) => {
    expect(issues({ [name]: value })).toEqual([`${name}: ${accepts}`]);
  });

  it('refuses an empty value instead of falling back to the default', () => {
    expect(issues({ EINSTEIN_RETRAIN_MAX_CACHED_WORKFLOWS: '' })).toEqual([
      'EINSTEIN_RETRAIN_MAX_CACHED_WORKFLOWS: expected an integer from 2 to 100000; it is set but empty: give a value, or unset it',
    ]);
  });

  it('refuses more workflow-task slots than cached workflows, which the SDK would silently lower', () => {
    const found = issues({ EINSTEIN_RETRAIN_MAX_CACHED_WORKFLOWS: '10', EINSTEIN_RETRAIN_MAX_CONCURRENT_WORKFLOW_TASKS: '40' });
    expect(found).toEqual([expect.stringMatching(/^EINSTEIN_RETRAIN_MAX_CONCURRENT_WORKFLOW_TASKS: expected at most EINSTEIN_RETRAIN_MAX_CACHED_WORKFLOWS \(10\)/)]);
    expect(loadConfig({ EINSTEIN_RETRAIN_MAX_CACHED_WORKFLOWS: '10', EINSTEIN_RETRAIN_MAX_CONCURRENT_WORKFLOW_TASKS: '10' }).workerSizing?.maxCachedWorkflows).toBe(10);
  });

  it('lowers the default workflow-task slots to a smaller cache when they are not set', () => {
    expect(loadConfig({ EINSTEIN_RETRAIN_MAX_CACHED_WORKFLOWS: '10' }).workerSizing).toMatchObject({ maxCachedWorkflows: 10, maxConcurrentWorkflowTaskExecutions: 10 });
  });

  it('reads the workflow thread heap limit, 0 for none, and leaves it unset when not given', () => {
    expect(loadConfig({}).workflowHeapMb).toBeUndefined();
    expect(loadConfig({ EINSTEIN_RETRAIN_WORKFLOW_HEAP_MB: '384' }).workflowHeapMb).toBe(384);
    expect(loadConfig({ EINSTEIN_RETRAIN_WORKFLOW_HEAP_MB: '0' }).workflowHeapMb).toBe(0);
  });

  it.each(['32', '70000', '1e3', ''])('refuses EINSTEIN_RETRAIN_WORKFLOW_HEAP_MB=%p, naming what it accepts', (value) => {
    expect(issues({ EINSTEIN_RETRAIN_WORKFLOW_HEAP_MB: value })).toEqual([
      expect.stringMatching(/^EINSTEIN_RETRAIN_WORKFLOW_HEAP_MB: expected 0 \(no limit\) or an integer from 64 to 65536/),
    ]);
  });
});
