// A configured worker (Temporal and Einstein given) should not load what only the embedded default or the trigger
// API needs: `src/start.ts` imports the embedded stack (dev server, emulator, its web framework) and the API's
// server when it starts them. This loads the module the way `npm run start:dev` does and lists what came with it.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** The files in node's module cache after requiring `src/start.ts` (its main() does not run: it is not the entry). */
function modulesLoadedBy(entry: string): string[] {
  const script = `require(${JSON.stringify(entry)}); process.stdout.write(JSON.stringify(Object.keys(require.cache)));`;
  const out = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
    cwd: ROOT,
    env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json') },
  });
  return (JSON.parse(out.toString()) as string[]).map((file) => path.relative(ROOT, file).split(path.sep).join('/'));
}

describe('src/start.ts imports', () => {
  let loaded: string[] = [];
  beforeAll(() => {
    loaded = modulesLoadedBy(path.join(ROOT, 'src', 'start.ts'));
  }, 60_000);

  it('loads the worker', () => {
    expect(loaded).toEqual(expect.arrayContaining(['src/start.ts', 'src/worker.ts']));
  });

  it('leaves the embedded stack, the emulator server and the trigger API server until they are started', () => {
    const eager = loaded.filter(
      (file) =>
        file === 'src/embedded-stack.ts' ||
        file === 'src/temporal/dev-server.ts' ||
        file === 'src/emulator/server.ts' ||
        file === 'src/api/server.ts' ||
        file.startsWith('node_modules/fastify/'),
    );
    expect(eager).toEqual([]);
  });
});
