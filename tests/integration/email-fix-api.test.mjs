// The shared-email fix over HTTP against the real worker and its local D1:
// single-use, expiring links; a new address twice, not taken; confirmation moves the account.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { delivered, query } from '../support/d1.mjs';
import { freshEmail, seedAccounts } from '../support/registry.mjs';

const APP = process.env.APP_ORIGIN ?? 'http://127.0.0.1:8787';
const json = { 'content-type': 'application/json' };
const api = (path, body) => fetch(`${APP}${path}`, body === undefined ? {} : { method: 'POST', headers: json, body: JSON.stringify(body) });

/** Seeds two accounts sharing an email, transfers the first, and reads its fix link from the outbox. */
async function fixLinkFor() {
  const shared = freshEmail('shared');
  const [person, other] = seedAccounts([{ email: shared }, { email: shared }]);
  await api('/api/transfer', { account_type: 'examiner', registry_number: person.number, license_number: person.license, license_state: person.state });
  const mail = await delivered(`email_outbox o JOIN registry_accounts a ON a.id = o.account_id WHERE a.registry_number = '${person.number}' AND o.kind = 'not_migrated'`);
  const token = mail?.text_body.match(/\/transfer\/fix\/([0-9a-f]{64})/)?.[1];
  if (!token) throw new Error('no fix link was delivered');
  return { person, other, token };
}

async function confirmTokenFor(address) {
  const mail = await delivered(`email_outbox o WHERE o.kind = 'confirm_email' AND o.to_address = '${address}'`);
  return mail?.text_body.match(/\/transfer\/confirm\/([0-9a-f]{64})/)?.[1];
}

let taken;
before(() => { [taken] = seedAccounts([{ email: freshEmail('taken') }]); });

test('a forged or malformed link is unknown', async () => {
  for (const token of ['0'.repeat(64), 'not-a-token', `${'a'.repeat(63)}g`]) {
    const response = await api(`/api/transfer/fix/${token}`);
    assert.equal(response.status, 404);
    assert.equal((await response.json()).error, 'link_unknown');
  }
});

test('a link\'s page and API are never cached and send no referrer', async () => {
  const { token } = await fixLinkFor();
  for (const path of [`/transfer/fix/${token}`, `/api/transfer/fix/${token}`, `/transfer/confirm/${'0'.repeat(64)}`]) {
    const response = await fetch(`${APP}${path}`);
    await response.arrayBuffer();
    assert.equal(response.headers.get('referrer-policy'), 'no-referrer', path);
    assert.equal(response.headers.get('cache-control'), 'no-store', path);
  }
  const page = await fetch(`${APP}/transfer`);
  assert.equal(page.headers.get('referrer-policy'), 'strict-origin-when-cross-origin');
});

test('a fix link cannot test addresses: after five refused as another account’s, it is spent', async () => {
  const { token, other } = await fixLinkFor();
  for (let i = 0; i < 5; i += 1) {
    const refused = await api(`/api/transfer/fix/${token}`, { new_email: other.email, confirm_email: other.email });
    assert.equal(refused.status, 400, `refusal ${i + 1}`);
  }
  const spent = await api(`/api/transfer/fix/${token}`);
  assert.equal(spent.status, 410);
  assert.equal((await spent.json()).error, 'link_used');
});

test('the new address must be typed twice the same, and not be another account’s', async () => {
  const { token } = await fixLinkFor();
  assert.equal((await api(`/api/transfer/fix/${token}`)).status, 200);
  const mismatch = await (await api(`/api/transfer/fix/${token}`, { new_email: 'a@example.com', confirm_email: 'b@example.com' })).json();
  assert.deepEqual(mismatch.fields, [{ field: 'confirm_email', message: 'The two email addresses are not the same.' }]);
  const response = await api(`/api/transfer/fix/${token}`, { new_email: taken.email.toUpperCase(), confirm_email: taken.email });
  assert.equal(response.status, 400);
  assert.equal((await response.json()).fields[0].field, 'new_email');
  assert.equal((await api(`/api/transfer/fix/${token}`)).status, 200, 'a refused address does not spend the link');
});

test('a new address gets a confirmation link; confirming migrates the account with it, once', async () => {
  const { person, token } = await fixLinkFor();
  const address = freshEmail('mine');
  const response = await api(`/api/transfer/fix/${token}`, { new_email: address, confirm_email: address });
  assert.equal(response.status, 202);
  assert.match((await response.json()).message, new RegExp(`We sent a link to ${address.replace('.', '\\.')}`));
  const again = await api(`/api/transfer/fix/${token}`, { new_email: address, confirm_email: address });
  assert.equal(again.status, 410);
  assert.equal((await again.json()).error, 'link_used');

  const confirm = await confirmTokenFor(address);
  assert.ok(confirm, 'the confirmation email carries its link');
  const [before] = query(`SELECT primary_email, migration_state FROM registry_accounts WHERE registry_number = '${person.number}'`);
  assert.deepEqual(before, { primary_email: person.email, migration_state: 'legacy' }, 'nothing changes before confirmation');
  const check = await api(`/api/transfer/confirm/${confirm}`);
  assert.equal(check.status, 200);
  assert.deepEqual(await check.json(), {
    confirms: address, account: { name: 'Test Person', registry_number: person.number },
  }, 'the page can say which address it confirms, and for whom');
  assert.equal((await api(`/api/transfer/confirm/${confirm}`, {})).status, 200);
  const [after] = query(`SELECT primary_email, migration_state FROM registry_accounts WHERE registry_number = '${person.number}'`);
  assert.deepEqual(after, { primary_email: address, migration_state: 'migrated' });
  const [{ n }] = query(`SELECT count(*) AS n FROM email_outbox WHERE kind = 'migrated' AND to_address = '${address}'`);
  assert.equal(n, 1);
  const reused = await api(`/api/transfer/confirm/${confirm}`, {});
  assert.equal(reused.status, 410);
});

test('a fix link names its account; "This is not my account" spends it, audited, and a page of another site cannot', async () => {
  const { person, token } = await fixLinkFor();
  const check = await api(`/api/transfer/fix/${token}`);
  assert.deepEqual(await check.json(), { confirms: null, account: { name: 'Test Person', registry_number: person.number } });
  const decline = (headers = {}) => fetch(`${APP}/api/transfer/fix/${token}`, { method: 'DELETE', headers });
  assert.equal((await decline({ origin: 'https://evil.example' })).status, 403);
  assert.equal((await api(`/api/transfer/fix/${token}`)).status, 200, 'still usable after the refused request');
  const declined = await decline({ origin: APP });
  assert.equal(declined.status, 200);
  assert.match((await declined.json()).message, /this link no longer works/);
  assert.equal((await api(`/api/transfer/fix/${token}`)).status, 410);
  const [{ event }] = query(`SELECT e.event FROM audit_events e JOIN registry_accounts a ON a.id = e.account_id WHERE a.registry_number = '${person.number}' ORDER BY e.id DESC LIMIT 1`);
  assert.equal(event, 'fix_link_declined');
  assert.equal((await decline({ origin: APP })).status, 410, 'once');
});

test('a link older than 24 hours has expired', async () => {
  const { token } = await fixLinkFor();
  query(`UPDATE account_links SET expires_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 second') WHERE token_hash = (SELECT token_hash FROM account_links ORDER BY created_at DESC LIMIT 1)`);
  const response = await api(`/api/transfer/fix/${token}`);
  assert.equal(response.status, 410);
  assert.deepEqual(await response.json(), { error: 'link_expired', message: 'This link has expired. Links work for 24 hours.' });
});

test('a fix link cannot be used as a confirmation link', async () => {
  const { token } = await fixLinkFor();
  assert.equal((await api(`/api/transfer/confirm/${token}`, {})).status, 404);
});
