// `npm run demo` as a user runs it (faster time scale, its own database): one complete retrain, the signed webhook
// report verified, the metrics table, the cost summary, and a clean exit 0.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

function runDemo(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'demo', '--', ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 110_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('npm run demo', () => {
  it('runs one retrain end to end and stops cleanly', async () => {
    const db = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'demo-test-')), 'temporal.db');
    const run = await runDemo(['--time-scale', '200', '--db', db]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('webhook: signed report received and verified');
    expect(run.stdout).toMatch(/SUCCEEDED in \S+ · \d+ API calls · \d+ polls · history \d+ events/);
    expect(run.stdout).toMatch(/metric\s+before\s+after\s+delta/);
    expect(run.stdout).toMatch(/test accuracy\s+\d\.\d{4}\s+\d\.\d{4}\s+[+-]?\d\.\d{4}/);
    expect(run.stdout).toMatch(/API calls\s+(\d+) \(the emulator counted \1\)/);
    expect(run.stdout).toMatch(/status polls\s+[1-9]\d*/);
    expect(run.stdout).toMatch(/detection lag\s+\d+\.\ds from the training's true end/);
    expect(run.stdout).toMatch(/Everything stopped cleanly\. Total wall time \S+\./);
    // The report was kept in the history, and the demo ends with the address of the model's page.
    expect(run.stdout).toMatch(/Model history: run `npx einstein-retrain ui`[^\n]*\n {2}http:\/\/127\.0\.0\.1:8089\/models\/vision\/[A-Z2-7]{26}\n/);
    expect(fs.existsSync(db)).toBe(true);
  });
});
