// The golden histories: Temporal JSON histories of finished (or continued) runs, recorded from a real dev server by
// `npm run record-histories` and replayed against the current workflow code by test/integration/replay.
// package.json pins protobufjs at the top level so that @temporalio/common and @temporalio/proto share one copy: with
// a copy each, historyFromJSON/historyToJSON fail with "type must be a Type".
import fs from 'node:fs';
import path from 'node:path';
import { historyFromJSON, type History } from '@temporalio/common/lib/proto-utils';

export const HISTORIES_DIR = path.resolve(__dirname, '../fixtures/histories');
export const MANIFEST_FILE = path.join(HISTORIES_DIR, 'manifest.json');

/** One entry of manifest.json. Histories carry no workflow id, and the workflows derive child ids from theirs. */
export interface HistoryEntry {
  /** File name in HISTORIES_DIR. */
  file: string;
  /** The recorder's scenario that produced it (`npm run record-histories -- <scenario>` records it again). */
  scenario: string;
  workflowId: string;
  events: number;
  /**
   * Why the history is kept as it is: recorded by older workflow code whose runs may still be in flight, and kept so
   * that they keep replaying (docs/OPERATIONS.md). The recorder never rewrites or removes a frozen history.
   */
  frozen?: string;
}

export function readManifest(): HistoryEntry[] {
  return fs.existsSync(MANIFEST_FILE) ? (JSON.parse(fs.readFileSync(MANIFEST_FILE, 'utf8')) as HistoryEntry[]) : [];
}

/** The JSON of one recorded history, as written by the recorder. */
export function readHistoryJson(entry: HistoryEntry): { events: Array<Record<string, unknown>> } {
  return JSON.parse(fs.readFileSync(path.join(HISTORIES_DIR, entry.file), 'utf8')) as { events: Array<Record<string, unknown>> };
}

/** Every manifest entry with its history, in the form Worker.runReplayHistories takes. */
export function loadGoldenHistories(): Array<{ entry: HistoryEntry; workflowId: string; history: History }> {
  return readManifest().map((entry) => ({ entry, workflowId: entry.workflowId, history: historyFromJSON(readHistoryJson(entry)) }));
}
