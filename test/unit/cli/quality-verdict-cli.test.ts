// The quality verdict on the command line: the gate flags, what the result says, and the exit code of
// `retrain --wait --fail-on-regression`.
import { buildSuccessReport, type SucceededReport } from '../../../src/report';
import { EXIT } from '../../../src/cli/errors/exit-codes';
import { run } from '../../../src/cli/main';
import { exitCodeForView, renderResult } from '../../../src/cli/run-display/result-render';
import { retrainInputFromFlags } from '../../../src/cli/flags/retrain-flags';
import type { RunSnapshot } from '../../../src/client/run-snapshot';
import { argv, recordingContext } from './fake-context';

const MODEL = 'NVECSMXTBHBTFUEWNPDFVA6FL4';

function reportWith(before: number, after: number): SucceededReport {
  return buildSuccessReport({
    workflowId: 'retrain-vision-x',
    runId: 'run-1',
    domain: 'vision',
    modelId: MODEL,
    datasetId: 57,
    modelType: 'image',
    timing: { requestedAt: '2024-05-01T10:00:00.000Z', submittedAt: '2024-05-01T10:00:01.000Z', finishedAt: '2024-05-01T10:01:00.000Z' },
    apiCalls: 7,
    before: { testAccuracy: before, f1ByLabel: {} },
    after: { testAccuracy: after, f1ByLabel: {} },
  });
}

function viewOf(report: SucceededReport): RunSnapshot {
  return {
    workflowId: report.workflowId,
    runId: report.runId,
    workflowStatus: 'COMPLETED',
    polls: 3,
    apiCalls: report.apiCalls,
    historyLength: 40,
    report,
    ending: { outcome: 'SUCCEEDED', message: 'SUCCEEDED' },
  } as RunSnapshot;
}

describe('quality verdict in the CLI', () => {
  it('a regressed run exits 5 with --fail-on-regression, 0 without it; an improved run exits 0', () => {
    const regressed = viewOf(reportWith(0.95, 0.9));
    expect(exitCodeForView(regressed, { failOnRegression: true })).toBe(EXIT.REGRESSED);
    expect(EXIT.REGRESSED).toBe(5);
    expect(exitCodeForView(regressed)).toBe(EXIT.OK);
    expect(exitCodeForView(viewOf(reportWith(0.9, 0.95)), { failOnRegression: true })).toBe(EXIT.OK);
  });

  it('shows the verdict with its reason, and for a regression says that Einstein cannot roll back', () => {
    const text = renderResult(viewOf(reportWith(0.95, 0.9)));
    expect(text).toContain('Verdict: REGRESSED (testAccuracy fell by 0.05, more than the 0.01 tolerated)');
    expect(text).toContain('Einstein cannot roll a model back');
    const improved = renderResult(viewOf(reportWith(0.9, 0.95)));
    expect(improved).toContain('Verdict: IMPROVED');
    expect(improved).not.toContain('roll a model back');
  });

  it('maps the gate flags to policy.qualityGate', () => {
    const input = retrainInputFromFlags(MODEL, { domain: 'vision', gateMetric: 'macroF1', maxDrop: 0.02, minValue: 0.8 });
    expect(input.policy).toEqual({ qualityGate: { metric: 'macroF1', maxDrop: 0.02, minValue: 0.8 } });
  });

  it('refuses --fail-on-regression without --wait, and a --max-drop out of range, naming the flag', async () => {
    const noWait = recordingContext();
    expect(await run(argv('retrain', MODEL, '--fail-on-regression'), noWait)).toBe(EXIT.INVALID_INPUT);
    expect(noWait.stderrText()).toContain('--fail-on-regression needs --wait');
    const badDrop = recordingContext();
    expect(await run(argv('retrain', MODEL, '--max-drop', '3'), badDrop)).toBe(EXIT.INVALID_INPUT);
    expect(badDrop.stderrText()).toContain('--max-drop: ');
    expect(badDrop.connectCalls).toBe(0);
  });
});
