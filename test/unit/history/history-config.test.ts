import path from 'node:path';
import { ConfigError, loadConfig } from '../../../src/config';
import { describeHistoryStore } from '../../../src/history';
import { parseSinksConfig, sinksFromConfig } from '../../../src/sinks';

describe('history store configuration', () => {
  it('keeps reports in an embedded database in .data/history by default', () => {
    expect(loadConfig({}).sinks.history).toEqual({ kind: 'embedded', dataDir: path.resolve('.data', 'history') });
  });

  it('uses a PostgreSQL server when EINSTEIN_RETRAIN_DATABASE_URL is set, and a chosen folder otherwise', () => {
    const url = 'postgresql://retrain:pw@db.internal:5432/history';
    expect(loadConfig({ EINSTEIN_RETRAIN_DATABASE_URL: url }).sinks.history).toEqual({ kind: 'postgres', url });
    expect(loadConfig({ EINSTEIN_RETRAIN_HISTORY_DIR: '/var/lib/retrain' }).sinks.history).toEqual({ kind: 'embedded', dataDir: '/var/lib/retrain' });
    expect(loadConfig({ EINSTEIN_RETRAIN_KEEP_HISTORY: 'false' }).sinks.history).toBeUndefined();
  });

  it('refuses a URL of another database, naming the variable and what it accepts but not the value', () => {
    const load = () => loadConfig({ EINSTEIN_RETRAIN_DATABASE_URL: 'mysql://root:hunter2-secret@db/history' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/EINSTEIN_RETRAIN_DATABASE_URL: expected a postgres:\/\/ or postgresql:\/\/ URL/);
    expect(() => load()).not.toThrow(/hunter2-secret/);
  });

  it('describes a server without its credentials', () => {
    expect(describeHistoryStore({ kind: 'postgres', url: 'postgres://retrain:pw-777@db.internal:5433/history' })).toBe(
      'PostgreSQL at db.internal:5433/history',
    );
    expect(describeHistoryStore({ kind: 'embedded', dataDir: '/data/h' })).toBe('embedded database in /data/h');
  });

  it('adds the history sink last, and counts it as a sink on its own', () => {
    const sinks = sinksFromConfig({ log: false, history: { kind: 'embedded' } });
    expect(sinks.map((sink) => sink.name)).toEqual(['history']);
    expect(() => parseSinksConfig({ log: false, history: { kind: 'sqlite' } })).toThrow(/sinks\.history\.kind/);
  });
});
