// The legacy import against the worker's real local D1 (wrangler d1 execute).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { importCsv, query } from '../support/d1.mjs';

const snapshot = () => query(
  "SELECT (SELECT count(*) FROM registry_accounts) AS accounts, (SELECT count(*) FROM audit_events) AS events, " +
  "(SELECT group_concat(registry_number || ':' || migration_state, ',') FROM registry_accounts) AS states",
)[0];

const DEMO_NUMBERS = readFileSync('dev/demo-registry.csv', 'utf8').trim().split('\n').slice(1).map((row) => row.split(',')[0]);

test('the demo registry is in the local D1 with one audit event per account', () => {
  const list = DEMO_NUMBERS.map((n) => `'${n}'`).join(',');
  const [{ accounts, imported }] = query(
    `SELECT count(*) AS accounts, (SELECT count(*) FROM audit_events e JOIN registry_accounts a ON a.id = e.account_id ` +
    `WHERE e.event = 'account_imported' AND a.registry_number IN (${list})) AS imported FROM registry_accounts WHERE registry_number IN (${list})`,
  );
  assert.equal(DEMO_NUMBERS.length, 9);
  assert.equal(accounts, 9);
  assert.equal(imported, 9);
  const shared = query("SELECT count(*) AS n FROM registry_accounts WHERE lower(primary_email) = 'family.carter@example.com'");
  assert.equal(shared[0].n, 2);
});

test('importing the demo registry again changes nothing', () => {
  const before = snapshot();
  const { code, output } = importCsv('dev/demo-registry.csv');
  assert.equal(code, 0, output);
  assert.deepEqual(snapshot(), before);
});

test('a file with a bad row is refused with its line and loads nothing', () => {
  const before = snapshot();
  const dir = mkdtempSync(join(tmpdir(), 'import-'));
  const [header] = readFileSync('dev/demo-registry.csv', 'utf8').split('\n');
  const file = join(dir, 'bad.csv');
  writeFileSync(file, `${header}\n4000000001,examiner,,New,Person,NY-1,NY,new.person@example.com,,,,,,\n4000000002,examiner,,No,State,NY-2,Atlantis,no.state@example.com,,,,,,\n`);
  const { code, output } = importCsv(file);
  assert.notEqual(code, 0);
  assert.match(output, /bad\.csv:line 3: license_state: Select a State/);
  assert.deepEqual(snapshot(), before);
});
