// The live view of a run. On a terminal: one status block redrawn in place every refresh (the ETA counts down).
// Elsewhere (a pipe, a CI log) or with --json: a line, or a JSON line, only when something changed.
import type { OutputStream } from '../cli-context';
import { changeKey, renderDetailLine, renderProgressLine } from './progress-render';
import type { RunSnapshot } from '../../client/run-snapshot';

export interface LiveDisplay {
  update(view: RunSnapshot): void;
  /** Leaves the last block on screen and the cursor below it. */
  stop(): void;
}

const CURSOR_UP = (lines: number) => `\x1b[${lines}A`;
const CLEAR_TO_END = '\x1b[J';

export function createLiveDisplay(stream: OutputStream, options: { json: boolean; now: () => number }): LiveDisplay {
  if (options.json) return changesOnly((view) => stream.write(`${JSON.stringify({ type: 'progress', at: new Date(options.now()).toISOString(), ...withoutReport(view) })}\n`));
  if (stream.isTTY) return redrawInPlace(stream, options.now);
  let lastDetail = '';
  return changesOnly((view) => {
    stream.write(`${renderProgressLine(view, options.now())}\n`);
    const detail = renderDetailLine(view);
    if (detail !== '' && detail !== lastDetail) stream.write(`  ${detail}\n`);
    lastDetail = detail;
  });
}

function changesOnly(print: (view: RunSnapshot) => void): LiveDisplay {
  let lastKey: string | undefined;
  return {
    update(view) {
      const key = changeKey(view);
      if (key === lastKey) return;
      lastKey = key;
      print(view);
    },
    stop() {},
  };
}

function redrawInPlace(stream: OutputStream, now: () => number): LiveDisplay {
  let drawn = 0;
  return {
    update(view) {
      const width = Math.max(20, (stream.columns ?? 120) - 1);
      // Lines are cut to the terminal width: a wrapped line would break the cursor-up arithmetic.
      const lines = [renderProgressLine(view, now()), renderDetailLine(view)].filter((line) => line !== '').map((line) => line.slice(0, width));
      stream.write(`${drawn > 0 ? `${CURSOR_UP(drawn)}\r` : ''}${CLEAR_TO_END}${lines.join('\n')}\n`);
      drawn = lines.length;
    },
    stop() {
      drawn = 0;
    },
  };
}

function withoutReport(view: RunSnapshot): Omit<RunSnapshot, 'report'> {
  const { report: _report, ...rest } = view;
  return rest;
}
