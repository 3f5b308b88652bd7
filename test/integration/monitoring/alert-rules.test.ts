// The alert rules (monitoring/prometheus/alerts.yml) are valid Prometheus rules and behave as their unit tests
// (alerts.test.yml) say: promtool checks and runs them. Each check is also run on a broken copy, to show it can fail.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describeWhen, PROMTOOL } from '../../helpers/system-tool';

const execFileAsync = promisify(execFile);
const DIR = path.resolve(__dirname, '../../../monitoring/prometheus');

/** promtool's exit code and output; it exits 1 on a failed check. */
async function promtool(args: string[], cwd: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(PROMTOOL.command, args, { cwd, timeout: 60_000 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

/** A copy of the rules folder with `edit` applied to alerts.yml (and, for the scrape config, its rule path). */
function copyWith(edit: (rules: string) => string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alert-rules-'));
  for (const file of fs.readdirSync(DIR)) fs.copyFileSync(path.join(DIR, file), path.join(dir, file));
  fs.writeFileSync(path.join(dir, 'alerts.yml'), edit(fs.readFileSync(path.join(DIR, 'alerts.yml'), 'utf8')));
  // The scrape config names the rules where the compose profile mounts them; point it at the copy.
  const config = fs.readFileSync(path.join(dir, 'prometheus.yml'), 'utf8').replace('/etc/prometheus/einstein-retrain/alerts.yml', path.join(dir, 'alerts.yml'));
  fs.writeFileSync(path.join(dir, 'prometheus.yml'), config);
  return dir;
}

describeWhen(PROMTOOL, 'alert rules (promtool)', () => {
  it('promtool check rules accepts them, and the scrape config that loads them', async () => {
    const rules = await promtool(['check', 'rules', 'alerts.yml'], DIR);
    expect(rules).toEqual({ code: 0, output: expect.stringContaining('SUCCESS: 6 rules found') });
    const config = await promtool(['check', 'config', 'prometheus.yml'], copyWith((r) => r));
    expect(config).toEqual({ code: 0, output: expect.stringContaining('SUCCESS') });
  });

  it('promtool check rules refuses a rule with a bad expression', async () => {
    const broken = copyWith((rules) => rules.replace('sum by (domain) (increase(einstein_retrain_retrains_total{outcome="TIMED_OUT"}[1h])) > 0', 'sum by (domain) (increase(einstein_retrain_retrains_total{outcome="TIMED_OUT"}[1h]) > 0'));
    expect((await promtool(['check', 'rules', 'alerts.yml'], broken)).code).not.toBe(0);
  });

  it('promtool test rules passes the unit tests', async () => {
    const result = await promtool(['test', 'rules', 'alerts.test.yml'], DIR);
    expect(result).toEqual({ code: 0, output: expect.stringContaining('SUCCESS') });
  });

  it.each([
    ['counting per worker instead of summing workers', (r: string) => r.replace('expr: sum(rate(einstein_retrain_einstein_calls_total{status_class=~"401|403"}[5m])) > 0.1', 'expr: rate(einstein_retrain_einstein_calls_total{status_class=~"401|403"}[5m]) > 0.1'), 'EinsteinAuthErrorStorm'],
    ['a last-value reading instead of increase(), which fires on old failures for ever', (r: string) => r.replace('increase(einstein_retrain_retrains_total{outcome=~"FAILED|FAILED_WITH_RETRIES|KILLED|REJECTED"}[1h])', 'einstein_retrain_retrains_total{outcome=~"FAILED|FAILED_WITH_RETRIES|KILLED|REJECTED"}'), 'EinsteinRetrainFailed'],
    ['a regression threshold that also catches small dips', (r: string) => r.replace('einstein_retrain_test_accuracy_change_bucket{le="-0.02"}', 'einstein_retrain_test_accuracy_change_bucket{le="-0.005"}'), 'EinsteinRetrainAccuracyRegression'],
    ['no fallback when no worker is scraped', (r: string) => r.replace(' or vector(0)', ''), 'EinsteinRetrainNoWorkerPolling'],
  ])('promtool test rules fails when the rules are broken: %s', async (_what, edit, alert) => {
    const result = await promtool(['test', 'rules', 'alerts.test.yml'], copyWith(edit));
    expect(result.code).not.toBe(0);
    expect(result.output).toContain(`alertname: ${alert}`);
  });
});
