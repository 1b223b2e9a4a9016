// Accounts of a test's own, loaded into the running system's local D1 with
// the real import's statements, under National Registry numbers no other test uses.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { seedCsv } from './d1.mjs';

const HEADER = readFileSync('dev/demo-registry.csv', 'utf8').split('\n')[0];
let next = Date.now() % 1_000_000;

/** A registry number (10 digits, starting with 8) that no other test has used. */
export function freshRegistryNumber() {
  next += 1;
  return `8${String(process.pid % 1000).padStart(3, '0')}${String(next % 1_000_000).padStart(6, '0')}`;
}

/**
 * Imports the accounts; each is `{ type, first, last, license, state, email, secondary, examiner, migration, birth }`
 * with defaults for an examiner in legacy state, into `worker`'s D1. Returns them with their registry numbers.
 */
export function seedAccounts(accounts, worker = 'worker') {
  const seeded = accounts.map((a) => ({
    type: 'examiner', first: 'Test', last: 'Person', license: `T${Math.floor(Math.random() * 1e6)}`, state: 'VA',
    secondary: '', examiner: '', migration: 'legacy', birth: '', ...a, number: a.number ?? freshRegistryNumber(),
  }));
  const rows = seeded.map((a) => [
    a.number, a.type, a.examiner, a.first, a.last,
    a.type === 'examiner' ? a.license : '', a.type === 'examiner' ? a.state : '',
    a.email, a.secondary, a.migration, '', a.type === 'examiner' ? '2024-01-01' : '', a.type === 'examiner' ? '2034-01-01' : '',
    a.birth,
  ].join(','));
  const dir = mkdtempSync(join(tmpdir(), 'seed-'));
  const file = join(dir, 'accounts.csv');
  writeFileSync(file, `${HEADER}\n${rows.join('\n')}\n`);
  try {
    seedCsv(file, worker);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return seeded;
}

/** A unique address for a test's account. */
export function freshEmail(name) {
  return `${name}.${freshRegistryNumber()}@example.com`;
}
