/**
 * The state file: an emulator stopped and started again on the same file carries on where it was, its trainings
 * having gone on on the wall clock.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURE } from '../../../src/emulator/state/fixture';
import type { EmulatorOptions } from '../../../src/emulator/server';
import { api, rsaKeyPair, signAssertion, startTestEmulator, waitFor, type TestEmulator } from './helpers';

const model = FIXTURE.models.visionImage;
const statusPath = `/v2/vision/train/${model.modelId}`;
const running: TestEmulator[] = [];

function stateFilePath(): string {
  return join(mkdtempSync(join(tmpdir(), 'emulator-state-')), 'nested', 'state.json');
}

async function start(options: EmulatorOptions): Promise<TestEmulator> {
  const emu = await startTestEmulator(options);
  running.push(emu);
  return emu;
}

async function stop(emu: TestEmulator): Promise<void> {
  running.splice(running.indexOf(emu), 1);
  await emu.handle.close();
}

afterEach(async () => {
  for (const emu of running.splice(0)) await emu.handle.close();
});

describe('state file', () => {
  it('a training submitted before a restart is still there afterwards and goes on to SUCCEEDED; the records are kept', async () => {
    const stateFile = stateFilePath();
    const first = await start({ stateFile, seed: 7 });
    expect(first.handle.restored).toBe(false);
    // 15 s of real time at the emulator's 1000x: still running across the restart, even on a busy machine. The
    // answer to the POST may already say RUNNING when the machine is slow (a millisecond is a simulated second).
    await first.control.planNextTraining(model.modelId, { durationSeconds: 15_000 });
    const submitted = await api(first.url, 'POST', '/v2/vision/retrain', { form: { modelId: model.modelId } });
    expect(['QUEUED', 'RUNNING']).toContain(submitted.json.status);
    const before = await api(first.url, 'GET', statusPath);
    await first.control.addFault({ kind: 'status', status: 503, times: 1, match: { path: '^/v2/vision/datasets$' } });
    const submissionsBefore = await first.control.submissions();
    await stop(first);

    // Other options: the file's seed, time scale and queue capacity win, so the saved trainings keep their times.
    const second = await start({ stateFile, seed: 8, timeScale: 1, queueCapacity: 5 });
    expect(second.handle.restored).toBe(true);
    expect(second.handle.settings).toEqual({ seed: 7, timeScale: 1000, queueCapacity: 2 });
    const after = await api(second.url, 'GET', statusPath);
    expect(after.json).toMatchObject({ modelId: model.modelId, createdAt: before.json.createdAt, datasetVersionId: submitted.json.datasetVersionId });
    expect(['QUEUED', 'RUNNING']).toContain(after.json.status);
    expect(await second.control.submissions()).toEqual(submissionsBefore);
    expect((await second.control.calls()).byEndpoint).toMatchObject({ 'POST /v2/vision/retrain': 1, 'GET /v2/vision/train/:modelId': 2 });
    expect((await api(second.url, 'GET', '/v2/vision/datasets')).status).toBe(503);

    const done = await waitFor(() => api(second.url, 'GET', statusPath), (r) => r.json.status === 'SUCCEEDED', 60_000);
    expect(done.json.progress).toBe(1);
    const { trainings, acceptedByModel } = await second.control.trainings();
    expect(acceptedByModel).toEqual({ [model.modelId]: 1 });
    expect(trainings[0]).toMatchObject({ status: 'SUCCEEDED', terminal: true, submittedAt: submissionsBefore.log[0]!.at });
    expect(trainings[0]!.firstTerminalReadAt).not.toBeNull();
  });

  it('trainings go on while the emulator is down: one that ended meanwhile shows its end at once', async () => {
    const stateFile = stateFilePath();
    const first = await start({ stateFile });
    await first.control.planNextTraining(model.modelId, { durationSeconds: 1, queueSeconds: 0 });
    await api(first.url, 'POST', '/v2/vision/retrain', { form: { modelId: model.modelId } });
    await stop(first);
    const saved = JSON.parse(readFileSync(stateFile, 'utf8')) as { format: string; submissions: unknown[] };
    expect(saved).toMatchObject({ format: 'einstein-emulator-state', version: 1 });
    expect(saved.submissions).toHaveLength(1);
    // The planned training takes a millisecond of real time: it has ended by the time the emulator is back.
    const second = await start({ stateFile });
    const trainings = await waitFor(() => second.control.trainings(), (t) => t.trainings[0]?.terminal === true);
    expect(trainings.trainings[0]).toMatchObject({ status: 'SUCCEEDED', firstTerminalReadAt: null });
  });

  it('an access token issued before the restart is still accepted, and the id stream goes on', async () => {
    const keys = rsaKeyPair();
    const stateFile = stateFilePath();
    const account = { sub: FIXTURE.account.sub, publicKeyPem: keys.publicKeyPem };
    const first = await start({ stateFile, accounts: [account], seed: 3 });
    const token = await api(first.url, 'POST', '/v2/oauth2/token', {
      token: null,
      urlencoded: { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: await signAssertion(keys.privateKeyPem), valid_for: '3600' },
    });
    const accessToken = String(token.json.access_token);
    const trainOn = async (emu: TestEmulator, datasetId: number) =>
      String((await api(emu.url, 'POST', '/v2/vision/train', { form: { datasetId: String(datasetId), name: 'id check' } })).json.modelId);
    await trainOn(first, FIXTURE.datasets.visionDetection.id);
    await stop(first);

    const second = await start({ stateFile });
    expect((await api(second.url, 'GET', statusPath, { token: accessToken })).status).toBe(200);
    const afterRestart = await trainOn(second, FIXTURE.datasets.visionMultiLabel.id);

    // The same two trainings without a restart give the same second id.
    const straight = await start({ seed: 3 });
    await trainOn(straight, FIXTURE.datasets.visionDetection.id);
    expect(await trainOn(straight, FIXTURE.datasets.visionMultiLabel.id)).toBe(afterRestart);
  });

  it('reset goes back to the fixture in the file too', async () => {
    const stateFile = stateFilePath();
    const first = await start({ stateFile });
    await api(first.url, 'POST', '/v2/vision/retrain', { form: { modelId: model.modelId } });
    await first.control.reset();
    await stop(first);
    const second = await start({ stateFile });
    expect((await second.control.submissions()).log).toEqual([]);
    expect((await api(second.url, 'GET', statusPath)).json.status).toBe('SUCCEEDED');
  });

  it('state shows where the state is kept and whether writes work', async () => {
    const stateFile = stateFilePath();
    const emu = await start({ stateFile });
    const state = (await emu.control.state()) as { stateFile: Record<string, unknown> };
    expect(state.stateFile).toMatchObject({ path: stateFile, restored: false, lastError: null });
    expect(state.stateFile.writes).toEqual(expect.any(Number));
  });

  it('refuses to start on a file that is not an emulator state, naming what is wrong', async () => {
    const stateFile = stateFilePath();
    const first = await start({ stateFile });
    await stop(first);
    const saved = JSON.parse(readFileSync(stateFile, 'utf8')) as { config: Record<string, unknown> };
    writeFileSync(stateFile, JSON.stringify({ ...saved, config: { ...saved.config, timeScale: -1 } }));
    await expect(startTestEmulator({ stateFile })).rejects.toThrow(/state\.json is not an emulator state: config\.timeScale: /);
    writeFileSync(stateFile, '{"format":');
    await expect(startTestEmulator({ stateFile })).rejects.toThrow(/is not valid JSON/);
  });
});
