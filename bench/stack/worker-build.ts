/**
 * The benches run their worker processes as plain node on compiled JavaScript, as `npm start` runs dist/start.js:
 * under ts-node the measured worker would also hold the TypeScript compiler (about 100 MiB of its idle RSS).
 * Every .ts file of src/ and bench/ is transpiled on its own (tsconfig.json sets isolatedModules, so each file
 * compiles alone, as ts-node's transpile-only mode does it) into a temporary folder that links the repository's
 * node_modules; type checking is `npm run typecheck`'s job, not the bench's. Once per bench run, from the current
 * sources.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const SOURCE_DIRS = ['src', 'bench'];

export interface CompiledWorker {
  /** The worker process's entry point: worker-process.ts compiled, in the temporary tree. */
  entry: string;
  files: number;
  remove(): void;
}

export function compileBenchWorker(): CompiledWorker {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-worker-'));
  try {
    const options: ts.CompilerOptions = {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      esModuleInterop: true,
      resolveJsonModule: true,
      isolatedModules: true,
    };
    let files = 0;
    for (const dir of SOURCE_DIRS) {
      for (const file of sourceFiles(path.join(REPO_ROOT, dir))) {
        const relative = path.relative(REPO_ROOT, file);
        const out = path.join(root, relative);
        fs.mkdirSync(path.dirname(out), { recursive: true });
        if (file.endsWith('.json')) {
          fs.copyFileSync(file, out);
          continue;
        }
        const { outputText } = ts.transpileModule(fs.readFileSync(file, 'utf8'), { compilerOptions: options, fileName: relative });
        fs.writeFileSync(out.replace(/\.ts$/, '.js'), outputText);
        files += 1;
      }
    }
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
    // package.json beside the tree: modules that locate the project root by it find one.
    fs.copyFileSync(path.join(REPO_ROOT, 'package.json'), path.join(root, 'package.json'));
    return { entry: path.join(root, 'bench', 'stack', 'worker-process.js'), files, remove: () => fs.rmSync(root, { recursive: true, force: true }) };
  } catch (error) {
    fs.rmSync(root, { recursive: true, force: true });
    throw error;
  }
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'results' && entry.name !== 'node_modules') out.push(...sourceFiles(file));
    } else if ((entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) || entry.name.endsWith('.json')) {
      out.push(file);
    }
  }
  return out;
}
