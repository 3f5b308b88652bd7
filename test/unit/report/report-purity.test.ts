// The workflow calls the report functions, and workflow code runs in Temporal's sandbox: no Node built-ins allowed.
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';

const REPORT_DIR = join(__dirname, '../../../src/report');

describe('src/report purity', () => {
  const files = readdirSync(REPORT_DIR).filter((name) => name.endsWith('.ts'));

  it('has source files to check', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s imports only zod and sibling modules', (file) => {
    const source = readFileSync(join(REPORT_DIR, file), 'utf8');
    const specifiers = [...source.matchAll(/(?:from|import|require\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);
    const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
    for (const specifier of specifiers) {
      expect(builtins.has(specifier ?? '')).toBe(false);
      expect(specifier === 'zod' || specifier?.startsWith('./')).toBe(true);
    }
  });

  it('uses no Node globals (Buffer, process)', () => {
    for (const file of files) {
      const source = readFileSync(join(REPORT_DIR, file), 'utf8');
      expect({ file, usesNodeGlobal: /\b(Buffer|process)\./.test(source) }).toEqual({ file, usesNodeGlobal: false });
    }
  });
});
