// Lints source texts given on stdin as JSON ([{ filePath, code }]) with the project's eslint.config.mjs, running only
// the import rules (they need no type information), and prints the messages as JSON. A separate process, because
// ESLint loads its ESM config by dynamic import, which jest's CommonJS sandbox does not allow.
const { ESLint } = require('eslint');

async function main() {
  const inputs = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
  const eslint = new ESLint({
    cwd: process.cwd(),
    overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
    ruleFilter: ({ ruleId }) => ruleId.endsWith('no-restricted-imports'),
  });
  const out = [];
  for (const { filePath, code } of inputs) {
    const [result] = await eslint.lintText(code, { filePath });
    out.push({ filePath, messages: result.messages.map((m) => ({ ruleId: m.ruleId, message: m.message })) });
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
