// The layers of src/ point one way, and the lint config holds that: a deliberate cross-layer import fails lint with
// a message naming both layers, while the imports the layers allow pass.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

interface Linted {
  filePath: string;
  messages: { ruleId: string | null; message: string }[];
}

const ROOT = path.resolve(__dirname, '../../..');

function lint(files: { filePath: string; code: string }[]): Linted[] {
  const out = execFileSync(process.execPath, [path.join(__dirname, 'lint-imports.js')], { cwd: ROOT, input: JSON.stringify(files), encoding: 'utf8' });
  return JSON.parse(out) as Linted[];
}

const CASES = [
  { filePath: 'src/polling/cross.ts', code: "import { RETRAIN_WORKFLOW_TYPE } from '../workflows/workflow-ids';\nexport const x = RETRAIN_WORKFLOW_TYPE;\n", from: 'polling', to: 'workflows' },
  { filePath: 'src/activities/cross.ts', code: "import { RetrainClient } from '../client';\nexport const x = RetrainClient;\n", from: 'activities', to: 'client' },
  { filePath: 'src/client/cross.ts', code: "import { createActivities } from '../activities';\nexport const x = createActivities;\n", from: 'client', to: 'activities' },
  { filePath: 'src/cli/commands/cross.ts', code: "import { createRetrainWorker } from '../../worker';\nexport const x = createRetrainWorker;\n", from: 'cli', to: 'worker' },
  { filePath: 'src/workflows/cross.ts', code: "import { coordinationActivities } from '../activities/coordination';\nexport const x = coordinationActivities;\n", from: 'workflows', to: 'activities' },
  { filePath: 'src/workflows/node.ts', code: "import fs from 'node:fs';\nexport const x = fs;\n", from: 'workflows', to: 'node:fs' },
];

describe('import boundaries in the lint config', () => {
  const results = lint([
    ...CASES.map(({ filePath, code }) => ({ filePath, code })),
    { filePath: 'src/workflows/allowed.ts', code: "import type { RetrainActivities } from '../activities';\nimport { nextPollDelay } from '../polling/poll-schedule';\nexport type A = RetrainActivities;\nexport const x = nextPollDelay;\n" },
    { filePath: 'src/activities/allowed.ts', code: "import { visibilityQuery } from '../temporal/visibility-query';\nimport { isTerminal } from '../contract/training-status';\nexport const x = [visibilityQuery, isTerminal];\n" },
    { filePath: 'src/cli/allowed.ts', code: "import { RetrainClient } from '../client';\nimport { Client } from '@temporalio/client';\nexport const x = [RetrainClient, Client];\n" },
  ]);

  it.each(CASES)('refuses $from importing $to', ({ filePath, from, to }) => {
    const messages = results.find((r) => r.filePath === filePath)!.messages;
    expect(messages).toHaveLength(1);
    expect(messages[0]!.ruleId).toBe('@typescript-eslint/no-restricted-imports');
    expect(messages[0]!.message).toMatch(to.startsWith('node:') ? /no Node built-ins/ : new RegExp(`src/${from}/ may not import src/${to}|only the types of activities`));
  });

  it('lets each layer import what lies below it (and workflows the types of activities)', () => {
    const allowed = results.filter((r) => r.filePath.endsWith('allowed.ts'));
    expect(allowed.map((r) => r.filePath)).toEqual(['src/workflows/allowed.ts', 'src/activities/allowed.ts', 'src/cli/allowed.ts']);
    for (const result of allowed) expect(result.messages).toEqual([]);
  });
});
