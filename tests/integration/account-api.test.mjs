// My account's email changes over HTTP, against the real worker: only from the
// registry's pages with the session's CSRF token; nothing changes until the
// new address confirms; taken addresses refused; the old address told.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { delivered, query } from '../support/d1.mjs';
import { freshEmail, seedAccounts } from '../support/registry.mjs';
import { APP, browser, fromTheRegistry, loginGovPerson, signIn } from '../support/sign-in.mjs';

/** A linked examiner with a secondary email, signed in; their browser and CSRF token. */
async function signedInExaminer(name) {
  const email = freshEmail(name);
  const [account] = seedAccounts([{ email, secondary: freshEmail(`${name}.second`), migration: 'migrated' }]);
  const b = browser();
  await signIn(b, await loginGovPerson(name, [email]));
  const { csrf_token: csrf } = await (await b.go(`${APP}/api/session`)).json();
  const change = (body, headers = fromTheRegistry(csrf)) => b.go(`${APP}/api/account/email`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body),
  });
  return { account, b, csrf, change };
}

const confirmToken = async (address) => (await delivered(`email_outbox o WHERE o.kind = 'confirm_email_change' AND o.to_address = '${address}'`))
  ?.text_body.match(/\/account\/email\/confirm\/([0-9a-f]{64})/)?.[1];
const emailsOf = (number) => query(`SELECT primary_email, secondary_email FROM registry_accounts WHERE registry_number = '${number}'`)[0];

test('an email change without the CSRF token, from another origin, or signed out is refused and changes nothing', async () => {
  const { account, csrf, change } = await signedInExaminer('csrf');
  const body = { slot: 'primary', new_email: freshEmail('new'), confirm_email: freshEmail('new') };
  body.confirm_email = body.new_email;
  assert.equal((await change(body, { origin: APP })).status, 403, 'no token');
  assert.equal((await change(body, fromTheRegistry('forged-token-forged-token-forged-token-xxxxx'))).status, 403);
  assert.equal((await change(body, { origin: 'https://evil.example', 'x-csrf-token': csrf })).status, 403, 'the right token from another site');
  const signedOut = await fetch(`${APP}/api/account/email`, { method: 'POST', headers: { 'content-type': 'application/json', origin: APP }, body: JSON.stringify(body) });
  assert.equal(signedOut.status, 401);
  assert.deepEqual(query(`SELECT count(*) AS n FROM email_outbox WHERE to_address = '${body.new_email}'`), [{ n: 0 }]);
  assert.equal(emailsOf(account.number).primary_email, account.email);
});

test("a taken address, the account's own, and a .gov address not kept knowingly are refused next to their field", async () => {
  const [other] = seedAccounts([{ email: freshEmail('someone.else') }]);
  const { account, change } = await signedInExaminer('refused');
  const ask = async (address, extra = {}) => {
    const response = await change({ slot: 'secondary', new_email: address, confirm_email: address, ...extra });
    return { status: response.status, fields: (await response.json()).fields ?? [] };
  };
  const taken = await ask(other.email.toUpperCase());
  assert.equal(taken.status, 400);
  assert.match(taken.fields[0].message, /Another National Registry account uses this email address/);
  assert.match((await ask(account.email)).fields[0].message, /already on your account/);
  const gov = await ask('pat@agency.gov');
  assert.deepEqual(gov.fields.map((f) => f.field), ['keep_institutional_email']);
  assert.equal((await ask('pat@agency.gov', { keep_institutional_email: true })).status, 202, 'allowed once the person confirms');
});

test('the new address confirms once; the change is made and the replaced address is told', async () => {
  const { account, change } = await signedInExaminer('confirmed');
  const before = emailsOf(account.number);
  const wanted = freshEmail('wanted');
  const asked = await change({ slot: 'secondary', new_email: wanted, confirm_email: wanted });
  assert.equal(asked.status, 202);
  assert.match((await asked.json()).message, /Your secondary email stays as it is until then/);
  assert.deepEqual(emailsOf(account.number), before, 'nothing changes before confirmation');

  const token = await confirmToken(wanted);
  const check = await fetch(`${APP}/api/account/email/confirm/${token}`);
  assert.equal(check.status, 200);
  assert.deepEqual(await check.json(), {
    confirms: wanted, account: { name: 'Test Person', registry_number: account.number },
  }, 'the page can say which address it confirms, and for whom');
  const confirmed = await fetch(`${APP}/api/account/email/confirm/${token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  assert.equal(confirmed.status, 200);
  assert.deepEqual(emailsOf(account.number), { primary_email: before.primary_email, secondary_email: wanted });
  const again = await fetch(`${APP}/api/account/email/confirm/${token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  assert.equal(again.status, 410);

  const [row] = query(`SELECT id FROM registry_accounts WHERE registry_number = '${account.number}'`);
  assert.deepEqual(query(`SELECT to_address FROM email_outbox WHERE account_id = ${row.id} AND kind = 'email_changed'`), [{ to_address: before.secondary_email }]);
  assert.deepEqual(query(`SELECT event, detail FROM audit_events WHERE account_id = ${row.id} AND event LIKE 'email_change%' ORDER BY id`),
    [{ event: 'email_change_requested', detail: 'secondary' }, { event: 'email_changed', detail: 'secondary' }]);
});

test('a forged confirmation link is unknown', async () => {
  const response = await fetch(`${APP}/api/account/email/confirm/${'0'.repeat(64)}`);
  assert.equal(response.status, 404);
  assert.equal((await response.json()).error, 'link_unknown');
});
