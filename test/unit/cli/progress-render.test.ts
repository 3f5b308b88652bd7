// The live display: state → text (pure), the merge of the query with the poll activity's heartbeat, and when lines
// are printed (terminal: redraw in place; pipe: on change; --json: a JSON line on change).
import { createLiveDisplay } from '../../../src/cli/run-display/live-display';
import { changeKey, progressBar, renderDetailLine, renderProgressLine, renderStatusBlock } from '../../../src/cli/run-display/progress-render';
import { buildRunSnapshot, monotonic, withLivePoll, type RunFacts, type RunSnapshot } from '../../../src/client/run-snapshot';
import type { RetrainState } from '../../../src/workflows/retrain-state';

const NOW = Date.parse('2025-01-31T09:30:00.000Z');
const MODEL = 'NVECSMXTBHBTFUEWNPDFVA6FL4';

function state(overrides: Partial<RetrainState> = {}): RetrainState {
  return {
    workflowId: 'wf',
    phase: 'training',
    domain: 'vision',
    modelId: MODEL,
    datasetId: 1000101,
    status: 'RUNNING',
    progress: 0.5,
    polls: 4,
    apiCalls: 7,
    submissions: 1,
    adopted: false,
    requestedAtMs: NOW - 60_000,
    submittedAtMs: NOW - 50_000,
    ...overrides,
  };
}

function facts(overrides: Partial<RunFacts> = {}): RunFacts {
  return { workflowId: 'wf', runId: 'run-1', workflowStatus: 'RUNNING', historyLength: 20, startedAtMs: NOW - 60_000, state: state(), ...overrides };
}

describe('progress line', () => {
  it('shows status, bar, percent, queue, ETA and API calls', () => {
    const view = buildRunSnapshot(facts({ state: state({ progress: 0.72, etaMs: NOW + 70_000, apiCalls: 9 }) }));
    expect(renderProgressLine(view, NOW)).toBe('RUNNING ███████░░░ 72% · queue – · ETA 1m10s · 9 API calls');
  });

  it('shows the queue position while queued', () => {
    const view = buildRunSnapshot(facts({ state: state({ status: 'QUEUED', progress: 0, queuePosition: 3, apiCalls: 1 }) }));
    expect(renderProgressLine(view, NOW)).toBe('QUEUED ░░░░░░░░░░ 0% · queue 3 · ETA – · 1 API call');
  });

  it('names the blocking model while the dataset is busy', () => {
    const view = buildRunSnapshot(facts({ state: state({ phase: 'waiting-for-dataset', status: undefined, progress: undefined, blockingModelId: 'BLOCKER' }) }));
    expect(renderProgressLine(view, NOW)).toBe('DATASET BUSY ░░░░░░░░░░ 0% · waiting for model BLOCKER · 7 API calls');
  });

  it('before any worker answered: PENDING, and a hint to start one', () => {
    const view = buildRunSnapshot(facts({ state: undefined }));
    expect(renderProgressLine(view, NOW)).toMatch(/^PENDING ░{10} 0%/);
    expect(renderDetailLine(view)).toContain('npm start');
  });

  it('a closed run shows its outcome, cost and duration', () => {
    const view = buildRunSnapshot(
      facts({ workflowStatus: 'COMPLETED', closedAtMs: NOW - 22_000, ending: { outcome: 'SUCCEEDED', message: 'ok' }, state: state({ phase: 'succeeded', progress: 1, apiCalls: 14, polls: 8 }) }),
    );
    expect(renderProgressLine(view, NOW)).toBe('SUCCEEDED ██████████ 100% · 14 API calls · 8 polls · 38s');
  });

  it('a failed run shows the failure code and message on the detail line', () => {
    const view = buildRunSnapshot(facts({ workflowStatus: 'FAILED', ending: { outcome: 'FAILED', code: 'TRAINING_FAILED', message: 'out of memory' } }));
    expect(renderDetailLine(view)).toBe('TRAINING_FAILED: out of memory');
  });

  it('an ETA in the past reads "now"', () => {
    expect(renderProgressLine(buildRunSnapshot(facts({ state: state({ etaMs: NOW - 1 }) })), NOW)).toContain('ETA now');
  });

  it.each([
    [0, '░░░░░░░░░░'],
    [0.04, '░░░░░░░░░░'],
    [0.05, '█░░░░░░░░░'],
    [1, '██████████'],
    [1.7, '██████████'],
  ])('bar of %d', (progress, bar) => {
    expect(progressBar(progress)).toBe(bar);
  });
});

describe('query + heartbeat', () => {
  // The workflow's state keeps the status at submit while the training runs; the poll activity's heartbeat has the
  // latest read (src/polling/poll-heartbeat.ts).
  const atSubmit = { status: 'QUEUED', progress: 0, queuePosition: 2 };
  const live = { atMs: NOW - 2_000, status: 'RUNNING', progress: 0.875, startedAtMs: NOW - 40_000, etaMs: NOW + 6_000, pollReason: 'closing in on epoch 8/8' };

  it('takes status, progress, ETA and poll reason from the heartbeat and adds its calls to the query counts', () => {
    const view = buildRunSnapshot(facts({ state: state(atSubmit), heartbeat: { live, polls: 2, apiCalls: 3 } }));
    expect(view).toMatchObject({ status: 'RUNNING', progress: 0.875, etaMs: NOW + 6_000, pollReason: 'closing in on epoch 8/8', polls: 6, apiCalls: 10 });
    expect(view.queuePosition).toBeUndefined();
    expect(renderProgressLine(view, NOW)).toBe('RUNNING █████████░ 88% · queue – · ETA 6s · 10 API calls');
  });

  it('the merged state (what describe --json shows) carries the first RUNNING seen, unless the workflow saw it first', () => {
    expect(withLivePoll(state(atSubmit), { live, polls: 2, apiCalls: 3 })).toMatchObject({ status: 'RUNNING', progress: 0.875, startedAtMs: NOW - 40_000, polls: 6, apiCalls: 10 });
    expect(withLivePoll(state({ startedAtMs: NOW - 50_000 }), { live, polls: 0, apiCalls: 0 }).startedAtMs).toBe(NOW - 50_000);
  });

  it('a submitAndFollow that has submitted shows the training it follows, although the workflow still says submitting', () => {
    const submitting = state({ phase: 'submitting', status: undefined, progress: undefined, submittedAtMs: undefined, submissions: 0, followingInActivity: true });
    const heartbeat = { live, polls: 2, apiCalls: 4, submission: { kind: 'submitted' as const, atMs: NOW - 45_000 } };
    expect(withLivePoll(submitting, heartbeat)).toMatchObject({ phase: 'training', status: 'RUNNING', progress: 0.875, submittedAtMs: NOW - 45_000, submissions: 1, adopted: false, polls: 6, apiCalls: 11 });
    const adopted = withLivePoll(submitting, { ...heartbeat, submission: { kind: 'adopted', atMs: NOW - 45_000 } });
    expect(adopted).toMatchObject({ phase: 'training', submissions: 0, adopted: true });
    // Before the submission is recorded (a submit attempt failed: its heartbeat has no submission), it is still submitting.
    expect(withLivePoll(submitting, { polls: 0, apiCalls: 1 })).toMatchObject({ phase: 'submitting', submissions: 0, apiCalls: 8 });
    expect(withLivePoll(submitting, { polls: 0, apiCalls: 1 }).status).toBeUndefined();
  });

  it('a state at its terminal status is not overridden by a heartbeat read before the end', () => {
    const ended = state({ status: 'SUCCEEDED', progress: 1 });
    expect(withLivePoll(ended, { live, polls: 1, apiCalls: 1 })).toMatchObject({ status: 'SUCCEEDED', progress: 1, polls: 5, apiCalls: 8 });
  });

  it('a heartbeat without a live view (before the first read) only adds its counters', () => {
    const view = buildRunSnapshot(facts({ state: state(atSubmit), heartbeat: { polls: 0, apiCalls: 0 } }));
    expect(view).toMatchObject({ status: 'QUEUED', progress: 0, queuePosition: 2, polls: 4, apiCalls: 7 });
  });

  it('while waiting for the dataset, the heartbeat describes the blocking model, not ours', () => {
    const view = buildRunSnapshot(
      facts({ state: state({ phase: 'waiting-for-dataset', status: undefined, progress: undefined, blockingModelId: 'BLOCKER' }), heartbeat: { live, polls: 1, apiCalls: 1 } }),
    );
    expect(view.progress).toBeUndefined();
    expect(view.status).toBeUndefined();
    expect(view.blocking).toEqual({ modelId: 'BLOCKER', status: 'RUNNING', progress: 0.875 });
    expect(renderProgressLine(view, NOW)).toContain('waiting for model BLOCKER RUNNING 88%');
  });

  it('counters never go backwards between two reads of the same run', () => {
    const first = buildRunSnapshot(facts({ heartbeat: { live, polls: 2, apiCalls: 3 } }));
    const raced = buildRunSnapshot(facts());
    expect(monotonic(first, raced)).toMatchObject({ polls: 6, apiCalls: 10 });
    expect(monotonic(first, { ...raced, runId: 'run-2' })).toMatchObject({ polls: 4, apiCalls: 7 });
  });
});

describe('status block', () => {
  it('has one labelled line per fact, blocking model and last error included', () => {
    const view = buildRunSnapshot(
      facts({
        state: state({ phase: 'waiting-for-dataset', blockingModelId: 'BLOCKER', lastError: { code: 'SERVER_ERROR', message: 'HTTP 503', atMs: NOW } }),
      }),
    );
    const block = renderStatusBlock(view, NOW);
    expect(block).toContain('workflow status  RUNNING · phase waiting-for-dataset · history 20 events');
    expect(block).toContain('calls            4 polls · 7 API calls');
    expect(block).toContain('blocking model   BLOCKER');
    expect(block).toContain('last error       SERVER_ERROR: HTTP 503');
  });
});

describe('live display', () => {
  const recorder = (isTTY: boolean) => {
    const chunks: string[] = [];
    return { chunks, stream: { isTTY, columns: 80, write: (text: string) => chunks.push(text) } };
  };
  const at = (progress: number, etaMs = NOW + 60_000): RunSnapshot => buildRunSnapshot(facts({ state: state({ progress, etaMs }) }));

  it('in a pipe, prints a line only when something changed (not for the ETA countdown)', () => {
    const { chunks, stream } = recorder(false);
    let now = NOW;
    const display = createLiveDisplay(stream, { json: false, now: () => now });
    display.update(at(0.5));
    now += 1_000;
    display.update(at(0.5));
    display.update(at(0.625));
    expect(chunks.join('').trim().split('\n')).toEqual([
      'RUNNING █████░░░░░ 50% · queue – · ETA 1m · 7 API calls',
      'RUNNING ██████░░░░ 63% · queue – · ETA 59s · 7 API calls',
    ]);
  });

  it('on a terminal, redraws the block in place every refresh', () => {
    const { chunks, stream } = recorder(true);
    const display = createLiveDisplay(stream, { json: false, now: () => NOW });
    const view = { ...at(0.5), pollReason: 'epoch 4/8' };
    display.update(view);
    display.update(view);
    expect(chunks).toHaveLength(2);
    expect(chunks[0]).not.toContain('\x1b[2A');
    expect(chunks[1]!.startsWith('\x1b[2A\r\x1b[J')).toBe(true);
    expect(chunks[1]).toContain('next poll: epoch 4/8');
  });

  it('with --json, writes a progress JSON line per change', () => {
    const { chunks, stream } = recorder(true);
    const display = createLiveDisplay(stream, { json: true, now: () => NOW });
    display.update(at(0.5));
    display.update(at(0.5));
    display.update(at(0.75));
    const lines = chunks.map((chunk) => JSON.parse(chunk));
    expect(lines.map((line) => [line.type, line.progress])).toEqual([
      ['progress', 0.5],
      ['progress', 0.75],
    ]);
    expect(lines[0].at).toBe('2025-01-31T09:30:00.000Z');
  });

  it('the change key ignores time passing but not a new poll', () => {
    const view = at(0.5);
    expect(changeKey(view)).toBe(changeKey({ ...view }));
    expect(changeKey(view)).not.toBe(changeKey({ ...view, polls: view.polls + 1 }));
  });
});
