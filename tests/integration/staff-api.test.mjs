// The staff side over HTTP, on wrangler dev and the stand-in: who may sign in
// (the staff list, a PIV or CAC card), who reaches which part of /api/staff
// (the authorization matrix), and the help desk's search, account page and
// actions, each with its audit event naming the staff member and the reason.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { before, test } from 'node:test';

import { delivered, eventually, kv, query, staffCommand } from '../support/d1.mjs';
import { freshEmail, freshRegistryNumber, seedAccounts } from '../support/registry.mjs';
import {
  APP, SESSION_COOKIE, STAFF_COOKIE, browser, loginGovPerson, reachCallback, signIn, staffSignIn,
} from '../support/sign-in.mjs';
import { staffMember, staffPost } from '../support/staff.mjs';

const accountRow = (number) => query(`SELECT id, migration_state, login_gov_subject, linked_email FROM registry_accounts WHERE registry_number = '${number}'`)[0];

let helpDesk;
let programOffice;
let admin;
let examiner;
let linked;
before(async () => {
  helpDesk = await staffMember('help_desk');
  programOffice = await staffMember('program_office');
  admin = await staffMember('admin');
  const email = freshEmail('staff.linked');
  [linked] = seedAccounts([{ email, first: 'Linda', last: 'Linkedperson', migration: 'migrated' }]);
  const person = await loginGovPerson('Linked Person', [email]);
  examiner = browser();
  assert.equal((await signIn(examiner, person)).pathname, '/account');
  linked.id = accountRow(linked.number).id;
});

test('every staff path answers 401 without a session, 403 to an examiner, and each role only its own parts (the route table\'s)', async () => {
  const paths = (id) => [
    ['GET', '/api/staff/session'],
    ['GET', '/api/staff/accounts?q=1000000001'],
    ['GET', `/api/staff/accounts/${id}`],
    ['POST', `/api/staff/accounts/${id}/end-sessions`],
    ['GET', '/api/staff/funnel'],
    ['GET', '/api/staff/funnel/outreach.csv?state=WY'],
    ['GET', '/api/staff/members'],
    ['GET', '/api/staff/no-such-path'],
    ['POST', '/api/staff/funnel'],
  ];
  const expected = {
    anonymous: [401, 401, 401, 401, 401, 401, 401, 401, 401],
    examiner: [403, 403, 403, 403, 403, 403, 403, 403, 403],
    help_desk: [200, 200, 200, 200, 403, 403, 403, 404, 405],
    program_office: [200, 403, 403, 403, 200, 200, 403, 404, 405],
    admin: [200, 200, 200, 200, 200, 200, 200, 404, 405],
  };
  const who = {
    anonymous: { b: browser(), csrf: '' }, examiner: { b: examiner, csrf: '' }, help_desk: helpDesk, program_office: programOffice, admin,
  };
  const [target] = seedAccounts([{ email: freshEmail('matrix') }]);
  const id = accountRow(target.number).id;
  const seen = {};
  for (const [name, member] of Object.entries(who)) {
    seen[name] = [];
    for (const [method, path] of paths(id)) {
      const response = method === 'GET' ? await member.b.go(`${APP}${path}`) : await staffPost(member, path, { reason: 'Matrix test' });
      await response.arrayBuffer();
      seen[name].push(response.status);
    }
  }
  assert.deepEqual(seen, expected);
});

test('a staff member signs in with a card, and only if the staff list names them', async () => {
  const email = freshEmail('staff.nocard');
  staffCommand('add', email, 'help_desk');
  const withoutCard = browser();
  const noCard = await loginGovPerson('No Card', [email]);
  assert.equal((await staffSignIn(withoutCard, noCard)).pathname, '/sign-in/problem/staff-without-piv');
  assert.equal(withoutCard.cookie(APP, STAFF_COOKIE), undefined);
  assert.equal(query(`SELECT login_gov_subject FROM staff_members WHERE email = '${email}'`)[0].login_gov_subject, null);

  const stranger = browser();
  const notStaff = await loginGovPerson('Not Staff', [freshEmail('not.staff')], { piv: true });
  assert.equal((await staffSignIn(stranger, notStaff)).pathname, '/sign-in/problem/not-staff');
  assert.equal(stranger.cookie(APP, STAFF_COOKIE), undefined);

  const withCard = browser();
  const member = await loginGovPerson('With Card', [email], { piv: true });
  assert.equal((await staffSignIn(withCard, member)).pathname, '/staff');
  const cookie = withCard.setCookies.find((c) => c.startsWith(`${STAFF_COOKIE}=`));
  for (const part of ['Path=/', 'Secure', 'HttpOnly', 'SameSite=Lax']) assert.ok(cookie.split('; ').includes(part), part);
  assert.equal(withCard.cookie(APP, SESSION_COOKIE), undefined, 'no examiner session');
  assert.equal(query(`SELECT login_gov_subject FROM staff_members WHERE email = '${email}'`)[0].login_gov_subject, member.sub, 'the first sign-in ties the row to the identity');
  const sameEmail = await loginGovPerson('Same Email', [email], { piv: true });
  assert.equal((await staffSignIn(browser(), sameEmail)).pathname, '/sign-in/problem/not-staff', 'then only that identity is the member');
});

test('a staff session ends after 15 idle minutes, and when the member leaves the staff list', async () => {
  const member = await staffMember('help_desk', 'Leaving Member');
  const key = `staff-session:${createHash('sha256').update(member.b.cookie(APP, STAFF_COOKIE)).digest('hex')}`;
  const session = JSON.parse(kv(['get', key, '--text']));
  assert.equal(session.role, 'help_desk');
  kv(['put', key, JSON.stringify({ ...session, last_seen_at: session.last_seen_at - 15 * 60 })]);
  assert.equal((await member.b.go(`${APP}/api/staff/session`)).status, 401, 'idle for 15 minutes');

  const other = await staffMember('help_desk', 'Removed Member');
  assert.equal((await other.b.go(`${APP}/api/staff/session`)).status, 200);
  staffCommand('remove', other.email);
  assert.equal((await other.b.go(`${APP}/api/staff/session`)).status, 401, 'removed from the staff list');
  const [removal] = query(`SELECT actor, detail FROM audit_events WHERE event = 'staff_member_removed' ORDER BY id DESC LIMIT 1`);
  assert.match(removal.detail, new RegExp(`^${other.email.replaceAll('.', '\\.')} help_desk \\(run by .+\\)$`), 'the member, and who ran the command');
  assert.equal(removal.actor, 'command');
});

test('the help desk finds accounts by registry number, email, and the start of an email or last name', async () => {
  const email = freshEmail('zelda.quixote');
  const [zelda] = seedAccounts([{ email, first: 'Zelda', last: `Quixote${Date.now() % 100000}` }]);
  const search = async (q) => {
    const response = await helpDesk.b.go(`${APP}/api/staff/accounts?q=${encodeURIComponent(q)}`);
    return { status: response.status, body: await response.json() };
  };
  const numbers = (result) => result.body.map((a) => a.registry_number);
  assert.deepEqual(numbers(await search(zelda.number)), [zelda.number]);
  const n = zelda.number;
  assert.deepEqual(numbers(await search(`${n.slice(0, 3)}-${n.slice(3, 6)}-${n.slice(6)}`)), [zelda.number], 'typed as printed, with dashes');
  assert.deepEqual(numbers(await search(email.toUpperCase())), [zelda.number]);
  assert.ok(numbers(await search(zelda.last.slice(0, 9))).includes(zelda.number), 'last name prefix');
  assert.ok(numbers(await search(email.slice(0, 14))).includes(zelda.number), 'email prefix');
  const [found] = (await search(zelda.number)).body;
  assert.deepEqual({ ...found, account_id: undefined }, {
    account_id: undefined, registry_number: zelda.number, first_name: 'Zelda', last_name: zelda.last,
    account_type: 'examiner', primary_email: email, migration_state: 'legacy',
  });
  const short = await search('z');
  assert.equal(short.status, 409);
  assert.match(short.body.message, /at least 2 letters/);
});

test('the account page shows the emails, open links and history, never a link or a body; resend is audited with who and why', async () => {
  const email = freshEmail('staff.transfer');
  const [maria] = seedAccounts([{ email, first: 'Maria', last: 'Staffcase' }]);
  const transfer = await fetch(`${APP}/api/transfer`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'cf-connecting-ip': '198.51.100.77' },
    body: JSON.stringify({ account_type: 'examiner', registry_number: maria.number, license_number: maria.license, license_state: maria.state }),
  });
  assert.equal(transfer.status, 202);
  await eventually(`SELECT status FROM email_outbox o JOIN registry_accounts a ON a.id = o.account_id WHERE a.registry_number = '${maria.number}'`, [{ status: 'sent' }]);
  const id = accountRow(maria.number).id;

  const page = await helpDesk.b.go(`${APP}/api/staff/accounts/${id}`);
  assert.equal(page.headers.get('cache-control'), 'no-store');
  const view = await page.json();
  assert.equal(view.summary.migration_state, 'migrated');
  assert.deepEqual(view.emails.map((e) => [e.kind, e.to_address, e.status, e.attempts]), [['migrated', email, 'sent', 1]]);
  assert.ok(!JSON.stringify(view).includes('text_body') && !JSON.stringify(view).includes('http'), 'no body, no link');
  assert.ok(view.events.some((e) => e.event === 'transfer_migrated'));

  const noReason = await staffPost(helpDesk, `/api/staff/accounts/${id}/resend-email`, { reason: ' ' });
  assert.equal(noReason.status, 400);
  assert.deepEqual((await noReason.json()).fields.map((f) => f.field), ['reason']);
  const noToken = await helpDesk.b.go(`${APP}/api/staff/accounts/${id}/resend-email`, {
    method: 'POST', headers: { origin: APP, 'content-type': 'application/json' }, body: '{"reason":"x"}',
  });
  assert.equal(noToken.status, 403, 'the staff session\'s CSRF token');

  const resent = await staffPost(helpDesk, `/api/staff/accounts/${id}/resend-email`, { reason: 'Caller lost the email (ticket 4411)' });
  assert.equal(resent.status, 200);
  assert.match((await resent.json()).message, /Your account was migrated successfully/);
  await eventually(`SELECT count(*) AS n FROM email_outbox WHERE account_id = ${id} AND kind = 'migrated' AND status = 'sent'`, [{ n: 2 }]);
  const staffId = query(`SELECT id FROM staff_members WHERE email = '${helpDesk.email}'`)[0].id;
  const [event] = query(`SELECT actor, detail FROM audit_events WHERE account_id = ${id} AND event = 'staff_email_resent'`);
  assert.deepEqual(event, { actor: `staff:${staffId}`, detail: 'Caller lost the email (ticket 4411)' });
  const after = await (await helpDesk.b.go(`${APP}/api/staff/accounts/${id}`)).json();
  assert.equal(after.events[0].event, 'staff_email_resent', 'on the timeline, newest first');
});

test('a member whose role is changed and then restored stays signed out: the change ended their sessions for good', async () => {
  const member = await staffMember('help_desk', 'Role Changed Member');
  assert.equal((await member.b.go(`${APP}/api/staff/session`)).status, 200);
  staffCommand('add', member.email, 'program_office');
  staffCommand('add', member.email, 'help_desk');
  assert.equal((await member.b.go(`${APP}/api/staff/session`)).status, 401, 'the old session does not come back with the old role');
  const again = browser();
  assert.equal((await staffSignIn(again, member.person)).pathname, '/staff', 'a new sign-in works');
  assert.equal((await again.go(`${APP}/api/staff/session`)).status, 200);
});

test('a staff action without its CSRF token is refused with 403 and audited as the member\'s, whatever the account id', async () => {
  const before = query('SELECT max(id) AS id FROM audit_events')[0].id;
  for (const id of [linked.id, 999_999_999]) {
    const refused = await staffPost({ ...helpDesk, csrf: 'wrong' }, `/api/staff/accounts/${id}/resend-email`, { reason: 'Asked by phone' });
    assert.equal(refused.status, 403, `account ${id}`);
  }
  const staffId = query(`SELECT id FROM staff_members WHERE email = '${helpDesk.email}'`)[0].id;
  assert.deepEqual(query(`SELECT account_id, event, actor, detail FROM audit_events WHERE id > ${before} AND event = 'request_refused'`),
    [1, 2].map(() => ({ account_id: null, event: 'request_refused', actor: `staff:${staffId}`, detail: 'csrf' })));
});

test('an unlink asked by one staff member and approved by another lets the login.gov identity go, ends the sessions and tells the account first; ending sessions alone keeps the link', async () => {
  assert.equal((await examiner.go(`${APP}/api/session`)).status, 200);
  assert.equal(accountRow(linked.number).linked_email, query(`SELECT primary_email FROM registry_accounts WHERE id = ${linked.id}`)[0].primary_email, 'linked by this email');
  const page = await (await helpDesk.b.go(`${APP}/api/staff/accounts/${linked.id}`)).json();
  assert.equal(page.linked_email, linked.email);

  const ended = await staffPost(admin, `/api/staff/accounts/${linked.id}/end-sessions`, { reason: 'Lost phone' });
  assert.equal(ended.status, 200);
  assert.equal((await examiner.go(`${APP}/api/session`)).status, 401, 'the person is signed out');
  assert.equal(accountRow(linked.number).migration_state, 'linked');

  // One staff member asks; the account's addresses are told at once; nothing changes yet.
  const asked = await staffPost(helpDesk, `/api/staff/accounts/${linked.id}/unlink`, { reason: 'Identity lost; caller knew the license' });
  assert.equal(asked.status, 200);
  assert.match((await asked.json()).message, /Another staff member must approve it/);
  assert.equal(accountRow(linked.number).migration_state, 'linked', 'nothing changes at the request');
  const told = query(`SELECT to_address FROM email_outbox WHERE account_id = ${linked.id} AND kind = 'recovery_requested'`);
  assert.deepEqual(told.map((e) => e.to_address), [linked.email]);
  const twice = await staffPost(admin, `/api/staff/accounts/${linked.id}/unlink`, { reason: 'twice' });
  assert.equal(twice.status, 409, 'one request waits at a time');
  const shown = await (await admin.b.go(`${APP}/api/staff/accounts/${linked.id}`)).json();
  const requestId = shown.waiting_recovery.request_id;
  assert.deepEqual({ ...shown.waiting_recovery, requested_at: undefined }, {
    request_id: requestId, recovery: 'unlink', new_email: null, corrected: null, reason: 'Identity lost; caller knew the license',
    requested_by: helpDesk.email, requested_at: undefined, yours: false,
  });

  // The member who asked cannot approve it; another can.
  const own = await staffPost(helpDesk, `/api/staff/accounts/${linked.id}/approve-recovery`, { reason: 'Approving myself', request_id: requestId });
  assert.equal(own.status, 409);
  assert.match((await own.json()).message, /another staff member must approve/);
  assert.equal(accountRow(linked.number).migration_state, 'linked');
  const unnamed = await staffPost(admin, `/api/staff/accounts/${linked.id}/approve-recovery`, { reason: 'Which one?' });
  assert.equal(unnamed.status, 409, 'an approval names the request it read');
  const approved = await staffPost(admin, `/api/staff/accounts/${linked.id}/approve-recovery`, { reason: 'Called back on the number on file', request_id: requestId });
  assert.equal(approved.status, 200);
  const row = accountRow(linked.number);
  assert.deepEqual([row.migration_state, row.login_gov_subject, row.linked_email], ['migrated', null, null]);
  assert.equal((await staffPost(admin, `/api/staff/accounts/${linked.id}/approve-recovery`, { reason: 'again', request_id: requestId })).status, 409);
  const staffId = (member) => query(`SELECT id FROM staff_members WHERE email = '${member.email}'`)[0].id;
  const events = query(`SELECT event, actor, detail FROM audit_events WHERE account_id = ${linked.id} AND event IN ('staff_sessions_ended', 'staff_recovery_requested', 'staff_unlinked') ORDER BY id`);
  assert.deepEqual(events, [
    { event: 'staff_sessions_ended', actor: `staff:${staffId(admin)}`, detail: 'Lost phone' },
    { event: 'staff_recovery_requested', actor: `staff:${staffId(helpDesk)}`, detail: 'unlink its login.gov account: Identity lost; caller knew the license' },
    { event: 'staff_unlinked', actor: `staff:${staffId(admin)}`, detail: 'Called back on the number on file' },
  ]);
  // The next link of the account needs login.gov to verify the person.
  assert.equal(query(`SELECT verify_identity_to_link AS v FROM registry_accounts WHERE id = ${linked.id}`)[0].v, 1);
  const question = browser();
  const again = await loginGovPerson(`Linked Again ${linked.number}`, [linked.email]);
  const answer = await question.go(await reachCallback(question, again));
  assert.equal(answer.headers.get('location'), '/sign-in/confirm');
  assert.equal((await (await question.go(`${APP}/api/sign-in/link`)).json()).verify_identity, true);
});

test('a request turned down changes nothing, and says who and why', async () => {
  const email = freshEmail('staff.reject');
  const [account] = seedAccounts([{ email }]);
  const id = accountRow(account.number).id;
  const wanted = freshEmail('staff.reject.new');
  assert.equal((await staffPost(admin, `/api/staff/accounts/${id}/set-primary-email`, { reason: 'Caller asked', new_email: wanted })).status, 200);
  const requestId = (await (await helpDesk.b.go(`${APP}/api/staff/accounts/${id}`)).json()).waiting_recovery.request_id;
  const rejected = await staffPost(helpDesk, `/api/staff/accounts/${id}/reject-recovery`, { reason: 'Could not verify the caller', request_id: requestId });
  assert.equal(rejected.status, 200);
  assert.equal(query(`SELECT primary_email FROM registry_accounts WHERE id = ${id}`)[0].primary_email, email);
  assert.equal(query(`SELECT count(*) AS n FROM email_outbox WHERE account_id = ${id} AND to_address = '${wanted}'`)[0].n, 0);
  assert.deepEqual(query(`SELECT detail FROM audit_events WHERE account_id = ${id} AND event = 'staff_recovery_rejected'`), [{ detail: 'Could not verify the caller' }]);
  const nothing = await staffPost(helpDesk, `/api/staff/accounts/${id}/approve-recovery`, { reason: 'late', request_id: requestId });
  assert.equal(nothing.status, 409);
});

test('the funnel\'s numbers for today are the accounts counted, with its filters, and the outreach list is its CSV', async () => {
  const state = 'WY';
  seedAccounts([
    { email: freshEmail('funnel.a'), state }, { email: freshEmail('funnel.b'), state, migration: 'migrated' },
    { email: freshEmail('funnel.c'), state, last: 'Outreachcase' },
  ]);
  const sweep = await fetch(`${APP}/__scheduled?cron=*/5+*+*+*+*`);
  await sweep.arrayBuffer();
  const count = (where) => query(`SELECT count(*) AS n FROM registry_accounts WHERE ${where}`)[0].n;
  const days = await (await programOffice.b.go(`${APP}/api/staff/funnel`)).json();
  const today = days.at(-1);
  assert.equal(today.day, new Date().toISOString().slice(0, 10));
  assert.equal(today.total, count('1 = 1'));
  assert.equal(today.linked, count("migration_state = 'linked'"));
  assert.equal(today.transferred, count("migration_state <> 'legacy'"));
  assert.equal(today.not_transferred, count("migration_state = 'legacy'"));
  assert.equal(today.waiting_on_fix, count("migration_state = 'legacy' AND awaiting_fix = 1"));
  // People with access to at least one examiner, per role (not accounts: not in the total).
  const people = (role) => query(
    `SELECT count(DISTINCT person_id) AS n FROM grants WHERE state = 'approved' AND role = '${role}'`,
  )[0].n;
  assert.equal(today.assistants_with_access, people('assistant'));
  assert.equal(today.third_parties_with_access, people('third_party'));

  const wyoming = (await (await programOffice.b.go(`${APP}/api/staff/funnel?type=examiner&state=WY`)).json()).at(-1);
  assert.equal(wyoming.total, count("account_type = 'examiner' AND license_state = 'WY'"));
  const csv = await programOffice.b.go(`${APP}/api/staff/funnel/outreach.csv?state=WY`);
  assert.match(csv.headers.get('content-type'), /^text\/csv/);
  assert.match(csv.headers.get('content-disposition'), /attachment/);
  const lines = (await csv.text()).trim().split('\n');
  assert.equal(lines[0], 'registry_number,first_name,last_name,license_number,license_state,primary_email,waiting_on_fix');
  assert.equal(lines.length - 1, count("account_type = 'examiner' AND license_state = 'WY' AND migration_state = 'legacy'"));
  assert.ok(lines.some((line) => line.includes(',Outreachcase,')));
  const everyone = await programOffice.b.go(`${APP}/api/staff/funnel/outreach.csv`);
  assert.equal(everyone.status, 409, 'one State at a time');
  assert.match((await everyone.json()).message, /Choose a State/);
});

test('what staff read is audited: each search with its terms, each account opened, each download with its rows', async () => {
  // A last name of this run's own, in letters: the search finds this account only.
  const last = `Readaudit${freshRegistryNumber().replace(/\d/g, (digit) => 'abcdefghij'[digit])}`;
  const [target] = seedAccounts([{ email: freshEmail('read.audit'), last, state: 'WY' }]);
  const id = accountRow(target.number).id;
  const before = query('SELECT max(id) AS id FROM audit_events')[0].id;
  await (await helpDesk.b.go(`${APP}/api/staff/accounts?q=${last}`)).arrayBuffer();
  await (await helpDesk.b.go(`${APP}/api/staff/accounts/${id}`)).arrayBuffer();
  const csv = await (await programOffice.b.go(`${APP}/api/staff/funnel/outreach.csv?state=WY`)).text();
  const rows = csv.trim().split('\n').length - 1;
  const staffId = (member) => query(`SELECT id FROM staff_members WHERE email = '${member.email}'`)[0].id;
  assert.deepEqual(query(`SELECT account_id, event, actor, detail FROM audit_events WHERE id > ${before} ORDER BY id`), [
    { account_id: null, event: 'staff_searched', actor: `staff:${staffId(helpDesk)}`, detail: `${last} (1 found)` },
    { account_id: id, event: 'staff_viewed_account', actor: `staff:${staffId(helpDesk)}`, detail: null },
    { account_id: null, event: 'staff_exported', actor: `staff:${staffId(programOffice)}`, detail: `WY (${rows} rows)` },
  ]);
});

test('the help desk runs the transfer again, and sends a link to set a new primary email that changes it once selected', async () => {
  const [pat, other] = seedAccounts([{ email: freshEmail('rerun') }, { email: freshEmail('taken') }]);
  const id = accountRow(pat.number).id;
  const nothing = await staffPost(helpDesk, `/api/staff/accounts/${id}/resend-email`, { reason: 'Caller asks again' });
  assert.equal(nothing.status, 409);
  assert.match((await nothing.json()).message, /This account has not been transferred, so it has no sign-in email to send again: "Run the transfer again"/);
  const rerun = await staffPost(helpDesk, `/api/staff/accounts/${id}/rerun-transfer`, { reason: 'Transfer email never arrived' });
  assert.equal(rerun.status, 200);
  await eventually(`SELECT migration_state FROM registry_accounts WHERE id = ${id}`, [{ migration_state: 'migrated' }]);
  assert.deepEqual(query(`SELECT event, actor FROM audit_events WHERE account_id = ${id} AND event IN ('staff_transfer_rerun', 'transfer_migrated') ORDER BY id`).map((e) => e.event),
    ['staff_transfer_rerun', 'transfer_migrated']);

  const taken = await staffPost(helpDesk, `/api/staff/accounts/${id}/set-primary-email`, { reason: 'New address', new_email: other.email });
  assert.equal(taken.status, 400);
  assert.deepEqual((await taken.json()).fields.map((f) => f.field), ['new_email']);

  const wanted = freshEmail('new.primary');
  const asked = await staffPost(helpDesk, `/api/staff/accounts/${id}/set-primary-email`, { reason: 'Old address closed; verified by license', new_email: wanted });
  assert.equal(asked.status, 200);
  assert.equal(query(`SELECT count(*) AS n FROM email_outbox WHERE account_id = ${id} AND to_address = '${wanted}'`)[0].n, 0, 'no link before a second staff member approves');
  assert.deepEqual(query(`SELECT to_address FROM email_outbox WHERE account_id = ${id} AND kind = 'recovery_requested'`), [{ to_address: pat.email }], 'the old address is told at the request');
  const { request_id: requestId } = (await (await admin.b.go(`${APP}/api/staff/accounts/${id}`)).json()).waiting_recovery;
  const approved = await staffPost(admin, `/api/staff/accounts/${id}/approve-recovery`, { reason: 'Verified by license', request_id: requestId });
  assert.equal(approved.status, 200);
  assert.equal(query(`SELECT primary_email FROM registry_accounts WHERE id = ${id}`)[0].primary_email, pat.email, 'nothing changes before the link is selected');
  const mail = await delivered(`email_outbox o WHERE o.account_id = ${id} AND o.kind = 'confirm_email_change' AND o.to_address = '${wanted}'`);
  const token = mail.text_body.match(/\/account\/email\/confirm\/([A-Za-z0-9_-]+)/)[1];
  const confirmed = await fetch(`${APP}/api/account/email/confirm/${token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  assert.equal(confirmed.status, 200);
  assert.equal(query(`SELECT primary_email FROM registry_accounts WHERE id = ${id}`)[0].primary_email, wanted);
  const [event] = query(`SELECT actor, detail FROM audit_events WHERE account_id = ${id} AND event = 'staff_primary_email_requested'`);
  assert.equal(event.detail, 'Verified by license', 'the change is the approver\'s');
  assert.match(event.actor, /^staff:\d+$/);
});

test("an administrator reads a staff member's page: what they did, newest first; nobody else may", async () => {
  const member = await staffMember('help_desk', 'Activity Reader');
  const staffId = query(`SELECT id FROM staff_members WHERE email = '${member.email}'`)[0].id;
  const [account] = seedAccounts([{ email: freshEmail('activity') }]);
  const id = accountRow(account.number).id;
  await (await member.b.go(`${APP}/api/staff/accounts?q=${account.number}`)).arrayBuffer();
  await (await member.b.go(`${APP}/api/staff/accounts/${id}`)).arrayBuffer();
  for (const other of [member, helpDesk, programOffice]) {
    const refused = await other.b.go(`${APP}/api/staff/members/${staffId}`);
    await refused.arrayBuffer();
    assert.equal(refused.status, 403);
  }
  const page = await admin.b.go(`${APP}/api/staff/members/${staffId}`);
  assert.equal(page.status, 200);
  assert.equal(page.headers.get('cache-control'), 'no-store');
  const { member: shown, events } = await page.json();
  assert.deepEqual([shown.email, shown.role], [member.email, 'help_desk']);
  assert.deepEqual(events.slice(0, 3).map((e) => [e.event, e.registry_number, e.detail]), [
    ['staff_viewed_account', account.number, null],
    ['staff_searched', null, `${account.number} (1 found)`],
    ['staff_signed_in', null, null],
  ]);
  assert.equal(events[0].account_id, id);
  assert.equal((await admin.b.go(`${APP}/api/staff/members/999999`)).status, 404);
});

test('an administrator adds a member, changes their role and removes them, each audited; nobody removes themselves', async () => {
  const email = freshEmail('added.by.admin');
  const add = (role) => staffPost(admin, '/api/staff/members', { email: email.toUpperCase(), role });
  assert.equal((await add('program_office')).status, 200);
  assert.equal((await add('help_desk')).status, 200);
  const wrong = await staffPost(admin, '/api/staff/members', { email: 'not an email', role: 'root' });
  assert.equal(wrong.status, 400);
  assert.deepEqual((await wrong.json()).fields.map((f) => f.field), ['email', 'role']);
  const list = await (await admin.b.go(`${APP}/api/staff/members`)).json();
  const added = list.find((m) => m.email === email);
  assert.deepEqual([added.role, added.signed_in_once], ['help_desk', false]);
  const self = list.find((m) => m.email === admin.email);
  assert.equal((await staffPost(admin, `/api/staff/members/${self.staff_id}/remove`, {})).status, 409);
  assert.equal((await staffPost(admin, '/api/staff/members', { email: admin.email, role: 'help_desk' })).status, 409, 'nor changes their own role');
  assert.equal((await staffPost(admin, `/api/staff/members/${added.staff_id}/remove`, {})).status, 200);
  assert.ok(!(await (await admin.b.go(`${APP}/api/staff/members`)).json()).some((m) => m.email === email));
  const adminId = self.staff_id;
  assert.deepEqual(query(`SELECT event, actor, detail FROM audit_events WHERE event LIKE 'staff_member_%' AND detail LIKE '${email}%' ORDER BY id`), [
    { event: 'staff_member_added', actor: `staff:${adminId}`, detail: `${email} program_office` },
    { event: 'staff_member_added', actor: `staff:${adminId}`, detail: `${email} help_desk` },
    { event: 'staff_member_removed', actor: `staff:${adminId}`, detail: `${email} help_desk` },
  ]);
});
