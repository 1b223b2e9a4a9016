// People who work for examiners over HTTP, against the real worker and the
// login.gov stand-in: a person signs in to work for examiners, asks by National
// Registry number (one answer for every number), the examiner approves,
// declines or revokes on My account's API, each audited and emailed; only an
// approved grant in its period reads the examiner's account, checked at each request.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { delivered, query } from '../support/d1.mjs';
import { freshEmail, freshRegistryNumber, seedAccounts } from '../support/registry.mjs';
import { APP, browser, fromTheRegistry, loginGovPerson, signIn } from '../support/sign-in.mjs';
import { staffMember, staffPost } from '../support/staff.mjs';

const json = (body) => ({ 'content-type': 'application/json', ...body });

/** Someone who works for examiners, signed in at /auth/work-for/login: their browser and what they can do. */
async function helper(name) {
  const email = freshEmail(name);
  const b = browser();
  const landed = await signIn(b, await loginGovPerson(name, [email]), '/auth/work-for/login');
  assert.equal(landed.pathname, '/work-for', 'the sign-in ends on Examiners you work for');
  const mine = async () => (await b.go(`${APP}/api/work-for`)).json();
  const { csrf_token: csrf } = await mine();
  const ask = (number, more = {}) => b.go(`${APP}/api/work-for`, {
    method: 'POST',
    headers: json(fromTheRegistry(csrf)),
    body: JSON.stringify({ registry_number: number, role: 'third_party', name: `${name} Smith`, organization: 'Acme Clinics', ...more }),
  });
  const read = (grantId) => b.go(`${APP}/api/work-for/${grantId}`);
  const [{ id: personId }] = query(`SELECT id FROM people WHERE email = '${email}'`);
  return { b, email, csrf, mine, ask, read, personId };
}

/** A linked examiner, signed in: their account and what they can do on My account. */
async function examiner(name) {
  const email = freshEmail(name);
  const [account] = seedAccounts([{ email, first: name, last: 'Examiner', migration: 'migrated' }]);
  const b = browser();
  await signIn(b, await loginGovPerson(name, [email]));
  const { csrf_token: csrf } = await (await b.go(`${APP}/api/session`)).json();
  const people = async () => (await b.go(`${APP}/api/account/people`)).json();
  const answer = (grantId, change, body = {}, headers = fromTheRegistry(csrf)) => b.go(`${APP}/api/account/people/${grantId}/${change}`, {
    method: 'POST', headers: json(headers), body: JSON.stringify(body),
  });
  const [{ id }] = query(`SELECT id FROM registry_accounts WHERE registry_number = '${account.number}'`);
  return { ...account, id, b, people, answer };
}

test("asking names nobody: the same answer for an examiner's number and for a number nobody holds; only the examiner is emailed", async () => {
  const maria = await examiner('maria');
  const jo = await helper('jo');
  const nobody = freshRegistryNumber();
  const toMaria = await jo.ask(maria.number);
  const toNobody = await jo.ask(nobody);
  assert.equal(toMaria.status, 202);
  assert.equal(toNobody.status, 202);
  assert.equal(await toMaria.text(), await toNobody.text(), 'the same bytes');
  const again = await jo.ask(maria.number);
  assert.equal(again.status, 202, 'asking again answers the same');

  const mail = await delivered(`email_outbox o WHERE o.kind = 'access_requested' AND o.to_address = '${maria.email}'`);
  assert.equal(mail.subject, 'Someone asked to work for you on the National Registry');
  assert.match(mail.text_body, /jo Smith of Acme Clinics asked on \d{4}-\d{2}-\d{2} to work for you/);
  assert.match(mail.text_body, new RegExp(`${APP}/account\\b`), 'the button leads to My account');
  assert.deepEqual(query(`SELECT count(*) AS n FROM email_outbox WHERE account_id = ${maria.id} AND kind = 'access_requested'`), [{ n: 1 }]);

  const { grants } = await jo.mine();
  assert.deepEqual(grants.map((g) => [g.registry_number, g.state, g.examiner_name]).sort(),
    [[maria.number, 'requested', null], [nobody, 'requested', null]].sort(), 'both shown alike, no name');
});

test('the examiner approves; the person is told and reads the account, audited as theirs; a revoke stops the next request', async () => {
  const maria = await examiner('mara');
  const jo = await helper('joan');
  await jo.ask(maria.number);
  const [request] = await maria.people();
  assert.deepEqual([request.name, request.organization, request.role, request.state, request.email],
    ['joan Smith', 'Acme Clinics', 'third_party', 'requested', jo.email]);
  assert.equal((await jo.read(request.grant_id)).status, 403, 'not before approval');

  const approved = await maria.answer(request.grant_id, 'approve', { period: 'three_months' });
  assert.equal(approved.status, 200);
  const told = await delivered(`email_outbox o WHERE o.kind = 'access_changed' AND o.to_address = '${jo.email}'`);
  assert.equal(told.subject, 'You can now work for an examiner on the National Registry');
  assert.match(told.text_body, /lasts 3 months/);
  assert.equal((await maria.answer(request.grant_id, 'approve')).status, 409, 'answered already');

  const read = await jo.read(request.grant_id);
  assert.equal(read.status, 200);
  const record = await read.json();
  assert.equal(record.name, 'mara Examiner');
  assert.equal(record.registry_number, maria.number);
  assert.equal(record.license_state, 'VA');
  const [{ last_used_at: used }] = query(`SELECT last_used_at FROM grants WHERE id = ${request.grant_id}`);
  assert.ok(used, 'My account can say when it was last used');
  assert.deepEqual(query(`SELECT actor FROM audit_events WHERE account_id = ${maria.id} AND event = 'read_for_examiner'`),
    [{ actor: `person:${jo.personId}` }]);

  assert.equal((await maria.answer(request.grant_id, 'extend', { period: 'two_years' })).status, 200);
  const extended = await delivered(`email_outbox o WHERE o.kind = 'access_changed' AND o.to_address = '${jo.email}' AND o.subject LIKE '%extended'`);
  assert.match(extended.text_body, /it lasts 2 years from today/);
  assert.equal((await maria.answer(request.grant_id, 'revoke')).status, 200);
  assert.equal((await jo.read(request.grant_id)).status, 403, 'the same session, refused at its next request');
  const ended = await delivered(`email_outbox o WHERE o.kind = 'access_changed' AND o.to_address = '${jo.email}' AND o.subject LIKE '%has ended'`);
  assert.match(ended.text_body, new RegExp(`account of National Registry number ${maria.number} was revoked`));
  assert.deepEqual(
    query(`SELECT event, actor FROM audit_events WHERE account_id = ${maria.id} AND event LIKE 'access_%' ORDER BY id`),
    [
      { event: 'access_requested', actor: `person:${jo.personId}` },
      { event: 'access_approved', actor: 'account' },
      { event: 'access_extended', actor: 'account' },
      { event: 'access_revoked', actor: 'account' },
    ],
  );
});

test("a declined request is told; an examiner cannot answer another examiner's request; no CSRF token, no change", async () => {
  const maria = await examiner('marisol');
  const other = await examiner('otto');
  const jo = await helper('jodie');
  await jo.ask(maria.number);
  const [request] = await maria.people();
  assert.equal((await other.answer(request.grant_id, 'approve')).status, 404, "another examiner's request is none of theirs");
  assert.equal((await maria.answer(request.grant_id, 'approve', {}, { origin: APP })).status, 403, 'no CSRF token');
  assert.equal((await maria.answer(request.grant_id, 'expire')).status, 404, 'an examiner does not expire a grant');
  assert.equal((await maria.answer(request.grant_id, 'decline')).status, 200);
  const told = await delivered(`email_outbox o WHERE o.kind = 'access_changed' AND o.to_address = '${jo.email}'`);
  assert.equal(told.subject, 'Your request to work for an examiner was declined');
  assert.equal((await jo.read(request.grant_id)).status, 403);
  assert.equal((await maria.answer(request.grant_id, 'approve')).status, 409, 'a declined request stays declined');
});

test('two weeks before its end the person is reminded once; past its period the grant expires at the sweep and the person is told', async () => {
  const maria = await examiner('marta');
  const jo = await helper('joss');
  await jo.ask(maria.number);
  const [request] = await maria.people();
  await maria.answer(request.grant_id, 'approve');
  const sweep = async () => { await (await fetch(`${APP}/__scheduled?cron=${encodeURIComponent('*/5 * * * *')}`)).arrayBuffer(); };
  query(`UPDATE grants SET expires_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+10 days') WHERE id = ${request.grant_id}`);
  await sweep();
  await sweep();
  const reminder = await delivered(`email_outbox o WHERE o.kind = 'access_ending' AND o.to_address = '${jo.email}'`);
  assert.match(reminder.text_body, new RegExp(`National Registry number ${maria.number} ends on \\d{4}-\\d{2}-\\d{2}`));
  assert.deepEqual(query(`SELECT count(*) AS n FROM email_outbox WHERE kind = 'access_ending' AND to_address = '${jo.email}'`), [{ n: 1 }], 'once');
  query(`UPDATE grants SET expires_at = '2020-01-01T00:00:00Z' WHERE id = ${request.grant_id}`);
  assert.equal((await jo.read(request.grant_id)).status, 403, 'past its period, before the sweep');
  await sweep();
  assert.deepEqual(query(`SELECT state FROM grants WHERE id = ${request.grant_id}`), [{ state: 'expired' }]);
  const told = await delivered(`email_outbox o WHERE o.kind = 'access_changed' AND o.to_address = '${jo.email}' AND o.subject LIKE '%expired%'`);
  assert.match(told.text_body, /Ask again if you still work for them/);
  assert.deepEqual(query(`SELECT actor FROM audit_events WHERE account_id = ${maria.id} AND event = 'access_expired'`), [{ actor: 'schedule' }]);
  assert.equal((await fetch(`${APP}/api/work-for/${request.grant_id}`)).status, 401);
});

test('a person may ask ten times an hour; an examiner\'s session is no person\'s; fields are named', async () => {
  const jo = await helper('jody');
  const bad = await jo.ask('12', { role: 'examiner', name: ' ' });
  assert.equal(bad.status, 400);
  assert.deepEqual((await bad.json()).fields.map((f) => f.field), ['registry_number', 'role', 'name']);
  const statuses = [];
  for (let i = 0; i < 11; i += 1) statuses.push((await jo.ask(freshRegistryNumber())).status);
  assert.deepEqual(statuses, [...Array(10).fill(202), 429]);

  const maria = await examiner('mariela');
  assert.equal((await maria.b.go(`${APP}/api/work-for`)).status, 401, "an examiner's session is not a person's");
  assert.equal((await maria.people()).length, 0);
});

test("the help desk sees an account's grants both ways and revokes one with a reason; the program office cannot", async () => {
  const maria = await examiner('mariana');
  const jo = await helper('jolene');
  await jo.ask(maria.number);
  const [request] = await maria.people();
  await maria.answer(request.grant_id, 'approve');
  const helpDesk = await staffMember('help_desk');
  const programOffice = await staffMember('program_office');

  const account = await (await helpDesk.b.go(`${APP}/api/staff/accounts/${maria.id}`)).json();
  assert.deepEqual(account.grants.map((g) => [g.grant_id, g.name, g.person_email, g.state]),
    [[request.grant_id, 'jolene Smith', jo.email, 'approved']]);
  const revoke = (member, body) => staffPost(member, `/api/staff/accounts/${maria.id}/revoke-grant`, body);
  assert.equal((await revoke(programOffice, { reason: 'Asked by phone', grant_id: request.grant_id })).status, 403);
  assert.equal((await revoke(helpDesk, { reason: '', grant_id: request.grant_id })).status, 400, 'a reason is required');
  assert.equal((await revoke(helpDesk, { reason: 'Asked by phone', grant_id: request.grant_id + 100000 })).status, 409,
    "only a grant the account's page shows");
  assert.equal((await revoke(helpDesk, { reason: 'Examiner asked by phone', grant_id: request.grant_id })).status, 200);
  assert.equal((await jo.read(request.grant_id)).status, 403);
  const [{ id: staffId }] = query(`SELECT id FROM staff_members WHERE email = '${helpDesk.email}'`);
  assert.deepEqual(
    query(`SELECT actor, detail FROM audit_events WHERE account_id = ${maria.id} AND event = 'access_revoked'`),
    [{ actor: `staff:${staffId}`, detail: `grant ${request.grant_id}: Examiner asked by phone` }],
  );
  await delivered(`email_outbox o WHERE o.kind = 'access_changed' AND o.to_address = '${jo.email}' AND o.subject LIKE '%has ended'`);
});
