// The Dockerfile and its build context, read as text (no Docker engine needed): a supported Node LTS, pinned; the
// compiled worker with its prebuilt workflow bundle, run as the unprivileged node user; a build context without
// node_modules, local Temporal binaries, data or secrets.
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

interface Instruction {
  keyword: string;
  args: string;
}

/** Instructions in order, continuation lines joined and comments dropped. */
function instructions(text: string): Instruction[] {
  const joined = text.replace(/\\\n/g, ' ');
  return joined
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
}

const dockerfile = instructions(fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8'));
/** The stages, each from its FROM to the next. */
const stages = dockerfile.reduce<Instruction[][]>((all, instruction) => {
  if (instruction.keyword === 'FROM') all.push([]);
  all.at(-1)?.push(instruction);
  return all;
}, []);
const finalStage = stages.at(-1) ?? [];
const buildStage = stages[0] ?? [];
const args = (stage: Instruction[], keyword: string) => stage.filter((i) => i.keyword === keyword).map((i) => i.args);

/** Node's LTS lines are the even majors; 20 reached its end of life in April 2026. */
const SUPPORTED_LTS = [22, 24];

describe('Dockerfile', () => {
  const nodeImageArg = /^NODE_IMAGE=(\S+)$/.exec(dockerfile.find((i) => i.keyword === 'ARG' && i.args.startsWith('NODE_IMAGE='))?.args ?? '')?.[1] ?? '';

  it('builds both stages from one pinned Node LTS slim image', () => {
    const match = /^node:(\d+)\.(\d+)\.(\d+)-(bookworm|trixie)-slim$/.exec(nodeImageArg);
    expect(match).not.toBeNull();
    expect(SUPPORTED_LTS).toContain(Number(match![1]));
    expect(stages).toHaveLength(2);
    for (const stage of stages) expect(stage[0]?.args).toMatch(/^\$\{NODE_IMAGE\}( AS \w+)?$/);
  });

  it('compiles and bundles the workflows at build time, then drops the dev dependencies', () => {
    const runs = args(buildStage, 'RUN').join('\n');
    expect(runs).toMatch(/npm ci --ignore-scripts/);
    expect(runs).toMatch(/npm run build && npm prune --omit=dev/);
    expect(args(buildStage, 'COPY')).toEqual(expect.arrayContaining(['scripts/bundle-workflows.js ./scripts/', 'src ./src']));
    const buildScript = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.build;
    expect(buildScript).toBe('tsc -p tsconfig.build.json && node scripts/bundle-workflows.js');
  });

  it('runs the compiled worker with plain node as the unprivileged node user (uid 1000)', () => {
    expect(args(finalStage, 'COPY')).toEqual(expect.arrayContaining(['--from=build /app/dist ./dist', '--from=build /app/node_modules ./node_modules']));
    expect(args(finalStage, 'ENV')).toContain('NODE_ENV=production');
    expect(args(finalStage, 'USER')).toEqual(['node']);
    const cmd = JSON.parse(args(finalStage, 'CMD')[0] ?? '[]') as string[];
    expect(cmd).toEqual(['node', 'dist/start.js']);
    expect(dockerfile.map((i) => i.args).join('\n')).not.toMatch(/ts-node/);
  });

  it('copies only files that exist and that .dockerignore lets into the context', () => {
    const ignore = dockerignore();
    const fromContext = dockerfile
      .filter((i) => i.keyword === 'COPY' && !i.args.startsWith('--from='))
      .flatMap((i) => i.args.split(/\s+/).slice(0, -1));
    expect(fromContext.length).toBeGreaterThan(0);
    for (const source of fromContext) {
      expect({ source, exists: fs.existsSync(path.join(ROOT, source)) }).toEqual({ source, exists: true });
      expect({ source, ignoredBy: ignore.filter((pattern) => matches(pattern, source)) }).toEqual({ source, ignoredBy: [] });
    }
  });
});

/** The patterns of .dockerignore (no `!` exceptions are used). */
function dockerignore(): string[] {
  return fs
    .readFileSync(path.join(ROOT, '.dockerignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** Docker's matching for the patterns used here: a path or its parent folder, `*` within a name, `**` across folders. */
function matches(pattern: string, file: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*\*\//g, '(?:.*/)?')
      .replace(/\*/g, '[^/]*')}(?:/.*)?$`,
  );
  return regex.test(file);
}

describe('.dockerignore', () => {
  const patterns = dockerignore();

  it('keeps out what the image rebuilds, the local Temporal binaries and data, and the repository', () => {
    for (const bulk of ['node_modules', 'dist', '.temporal', '.data', '.git']) expect(patterns).toContain(bulk);
    expect(patterns.some((pattern) => pattern.startsWith('!'))).toBe(false);
  });

  it('keeps out secrets: the compose .env and private keys, at any depth', () => {
    for (const file of ['.env', '.env.production', 'einstein_platform.pem', 'keys/einstein_platform.pem', 'certs/client.key']) {
      expect({ file, ignored: patterns.some((pattern) => matches(pattern, file)) }).toEqual({ file, ignored: true });
    }
    for (const file of ['node_modules/zod/index.js', '.temporal/venv/bin/temporal', '.data/temporal.db', 'dist/start.js']) {
      expect({ file, ignored: patterns.some((pattern) => matches(pattern, file)) }).toEqual({ file, ignored: true });
    }
  });
});
