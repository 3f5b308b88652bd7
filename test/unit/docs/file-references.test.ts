// Comments and docs name only files that are in the repository: a clone must be able to follow every pointer. A
// name is looked up as a path from the root, from the naming file's folder or as the tail of a tracked path; a bare
// name as the name of some tracked file. Files the project writes or reads but does not keep (build output, bench
// results, the user's own Temporal settings) are listed below with why.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

/** Named in comments and docs, never tracked: each is written by a run or belongs to the user. */
const NOT_KEPT: { pattern: RegExp; why: string }[] = [
  { pattern: /^(bench\/(chaos\/)?results\/)?[\w-]+\.json$/, why: 'bench and chaos results, written by their runs (git-ignored)' },
  { pattern: /^temporal\.toml$/, why: "Temporal's own client settings file, on the user's machine" },
  { pattern: /^workflow-bundle\.js$/, why: 'written into dist/ by npm run build' },
  { pattern: /^history\.json$/, why: 'a history the user exports from Temporal' },
];

const NAME = /(?<![\w@./-])((?:[\w.-]+\/)*[\w-]+\.(?:ts|md|js|mjs|json|ya?ml|sh|sql|toml|html|css))\b(?![\w/-])/g;
const CODE = /\.(ts|js|mjs|cjs)$/;
const HASH_COMMENTS = /(\.ya?ml|\.sh|Dockerfile)$/;

/** The comment text of a line of code (or the whole line of a doc); undefined when the line has none. */
function proseOf(file: string, line: string): string | undefined {
  if (CODE.test(file)) {
    const comment = /(?:^|\s)\/\/(.*)$/.exec(line) ?? /^\s*(?:\/\*\*?|\*)(.*)$/.exec(line);
    return comment?.[1];
  }
  if (HASH_COMMENTS.test(file) || path.basename(file).startsWith('.')) return /(?:^|\s)#(.*)$/.exec(line)?.[1];
  return line;
}

export function unresolvedNames(files: { file: string; text: string }[], tracked: readonly string[]): string[] {
  const trackedSet = new Set(tracked);
  const folders = new Set(tracked.flatMap((f) => path.dirname(f).split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/'))));
  const basenames = new Set(tracked.map((f) => path.basename(f)));
  const exists = (name: string, from: string) =>
    name.includes('/')
      ? [name, path.normalize(path.join(path.dirname(from), name))].some((p) => trackedSet.has(p) || folders.has(p)) || tracked.some((f) => f.endsWith(`/${name}`))
      : basenames.has(name);
  const missing: string[] = [];
  for (const { file, text } of files) {
    text.split('\n').forEach((line, index) => {
      const prose = proseOf(file, line);
      if (prose === undefined) return;
      for (const match of prose.matchAll(NAME)) {
        const name = match[1]!;
        if (/https?:\/\/\S*$/.test(prose.slice(0, match.index))) continue;
        if (name.startsWith('dist/') || name.startsWith('node_modules/')) continue;
        if (NOT_KEPT.some(({ pattern }) => pattern.test(name))) continue;
        if (!exists(name, file)) missing.push(`${file}:${index + 1}: ${name}`);
      }
    });
  }
  return missing;
}

describe('names of files in comments and docs', () => {
  const tracked = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);

  it('every file a comment or doc names is in the repository', () => {
    const readable = tracked.filter((f) => !f.startsWith('test/fixtures/') && !/\.(json|png|svg|lock)$/.test(f) && fs.existsSync(path.join(ROOT, f)));
    const files = readable.map((file) => ({ file, text: fs.readFileSync(path.join(ROOT, file), 'utf8') }));
    expect(unresolvedNames(files, tracked)).toEqual([]);
  });

  it('reports a name that is not there, in a comment or a doc, and leaves code alone', () => {
    const files = [
      { file: 'src/a.ts', text: "// See src/cli/gone.ts and docs/ARCHITECTURE.md\nconst body = await response.json();\n" },
      { file: 'docs/b.md', text: 'The rules live in `missing-rules.md` and `src/a.ts`.\n' },
    ];
    expect(unresolvedNames(files, ['src/a.ts', 'docs/b.md', 'docs/ARCHITECTURE.md'])).toEqual(['src/a.ts:1: src/cli/gone.ts', 'docs/b.md:1: missing-rules.md']);
  });
});
