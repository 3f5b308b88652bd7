import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRetrainReport } from '../../../src/report';
import { SinkPermanentError, createJsonlSink } from '../../../src/sinks';
import { sampleFailureReport, sampleSuccessReport } from '../../unit/sinks/sample-reports';

describe('jsonl sink on the real file system', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'einstein-retrain-jsonl-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function readLines(file: string): Promise<string[]> {
    const text = await readFile(file, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    return text.slice(0, -1).split('\n');
  }

  it('creates missing directories and appends one parseable report per line', async () => {
    const file = join(dir, 'nested', 'deeper', 'reports.jsonl');
    const sink = createJsonlSink({ filePath: file, fsync: true });
    const success = sampleSuccessReport();
    const failure = sampleFailureReport();
    await sink.emit(success, { idempotencyKey: success.reportId });
    await sink.emit(failure, { idempotencyKey: failure.reportId });

    const lines = await readLines(file);
    expect(lines).toHaveLength(2);
    const parsed = lines.map((line) => parseRetrainReport(JSON.parse(line)));
    expect(parsed.map((report) => [report.reportId, report.outcome])).toEqual([
      [success.reportId, 'SUCCEEDED'],
      [failure.reportId, 'FAILED'],
    ]);
  });

  it('keeps existing content and never interleaves concurrent appends', async () => {
    const file = join(dir, 'reports.jsonl');
    await writeFile(file, '{"earlier":true}\n');
    const reports = Array.from({ length: 40 }, (_, i) => sampleSuccessReport({ runId: `run-${i}` }));
    // Two sinks on one file, as two activities of one worker would be.
    const sinks = [createJsonlSink({ filePath: file }), createJsonlSink({ filePath: file })];
    await Promise.all(reports.map((report, i) => sinks[i % 2]?.emit(report, { idempotencyKey: report.reportId })));

    const lines = await readLines(file);
    expect(lines[0]).toBe('{"earlier":true}');
    const ids = lines.slice(1).map((line) => parseRetrainReport(JSON.parse(line)).reportId);
    expect(ids.sort()).toEqual(reports.map((report) => report.reportId).sort());
  });

  it('fails permanently, typed, when the path is a directory', async () => {
    const file = join(dir, 'is-a-directory');
    await mkdir(file);
    const report = sampleSuccessReport();
    const emitted = createJsonlSink({ filePath: file }).emit(report, { idempotencyKey: report.reportId });
    await expect(emitted).rejects.toBeInstanceOf(SinkPermanentError);
    await expect(emitted).rejects.toMatchObject({ code: 'SINK_PERMANENT', retryable: false, sink: 'jsonl' });
  });
});
