// Reminder campaigns over HTTP, on wrangler dev with its dev mailbox: the
// program office composes, sees its audience and three real emails; only an
// administrator who did not compose it approves; the cron writes each
// recipient once however often it runs, through the outbox to the mailbox;
// whoever moved on first is not written to; the button's visits are counted;
// the help desk is refused. Its audience is its own: examiners of American
// Samoa, seeded here.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { eventually, query } from '../support/d1.mjs';
import { freshEmail, freshRegistryNumber, seedAccounts } from '../support/registry.mjs';
import { APP, browser } from '../support/sign-in.mjs';
import { staffMember, staffPost } from '../support/staff.mjs';

const STATE = 'AS';
const cron = async () => (await fetch(`${APP}/__scheduled?cron=*/5+*+*+*+*`)).arrayBuffer();
const campaignNamed = (name) => query(`SELECT id FROM campaigns WHERE name = '${name}'`)[0].id;
const audienceNow = () => query(
  `SELECT count(*) AS n FROM registry_accounts WHERE account_type = 'examiner' AND license_state = '${STATE}' \
   AND migration_state = 'legacy' AND awaiting_fix = 0`,
)[0].n;

let programOffice;
let admin;
let otherAdmin;
let helpDesk;
before(async () => {
  programOffice = await staffMember('program_office');
  admin = await staffMember('admin');
  otherAdmin = await staffMember('admin', 'Another administrator');
  helpDesk = await staffMember('help_desk');
});

const form = (name) => ({
  name, account_type: 'examiner', license_state: STATE, stage: 'legacy', note: 'Questions? Call the help desk.', starts_on: '',
});

test('a campaign is composed, shown with three real emails, approved by another administrator, and written to each of its audience once', async () => {
  const seeded = seedAccounts(Array.from({ length: 5 }, (_, i) => ({ email: freshEmail(`campaign.${i}`), state: STATE })));
  // One of them transfers before the campaign sends: nobody tells them to.
  const moved = seeded[4];
  query(`UPDATE registry_accounts SET migration_state = 'migrated' WHERE registry_number = '${moved.number}'`);
  const name = `American Samoa ${freshRegistryNumber()}`;

  const composed = await staffPost(programOffice, '/api/staff/campaigns', form(name));
  assert.equal(composed.status, 200);
  assert.match((await composed.json()).message, /is composed/);
  const id = campaignNamed(name);
  assert.equal(query(`SELECT count(*) AS n FROM audit_events WHERE event = 'campaign_composed' AND detail LIKE 'campaign ${id}:%'`)[0].n, 1);

  const page = await (await programOffice.b.go(`${APP}/api/staff/campaigns/${id}`)).json();
  const audience = audienceNow();
  assert.equal(page.campaign.state, 'draft');
  assert.equal(page.campaign.audience_size, audience);
  assert.equal(page.examples.length, Math.min(3, audience));
  for (const example of page.examples) {
    assert.equal(example.subject, 'Transfer your National Registry account to login.gov');
    assert.match(example.text, /Questions\? Call the help desk\./);
    assert.match(example.text, new RegExp(`Transfer my account: ${APP}/reminder/${id}\\b`));
    assert.doesNotMatch(example.text, /Test Person/, 'no personal data but the address');
  }

  // Nothing is sent before approval, and not by the program office nor by its author.
  await cron();
  assert.equal(query(`SELECT count(*) AS n FROM email_outbox WHERE campaign_id = ${id}`)[0].n, 0);
  assert.equal((await staffPost(programOffice, `/api/staff/campaigns/${id}/approve`, {})).status, 403);
  const ownName = `Own ${freshRegistryNumber()}`;
  await staffPost(admin, '/api/staff/campaigns', form(ownName));
  const own = await staffPost(admin, `/api/staff/campaigns/${campaignNamed(ownName)}/approve`, {});
  assert.equal(own.status, 409);
  assert.match((await own.json()).message, /another administrator approves it/);
  assert.equal((await staffPost(admin, `/api/staff/campaigns/${campaignNamed(ownName)}/cancel`, {})).status, 200);

  const approved = await staffPost(admin, `/api/staff/campaigns/${id}/approve`, {});
  assert.equal(approved.status, 200);
  assert.equal((await staffPost(otherAdmin, `/api/staff/campaigns/${id}/approve`, {})).status, 409, 'approved once');
  const [{ actor }] = query(`SELECT actor FROM audit_events WHERE event = 'campaign_approved' AND detail = 'campaign ${id}'`);
  const [{ id: adminId }] = query(`SELECT id FROM staff_members WHERE email = '${admin.email}'`);
  assert.equal(actor, `staff:${adminId}`);

  // The cron, twice: each of the audience written to once, and only they.
  await cron();
  await cron();
  await eventually(`SELECT state, queued, sent FROM campaigns WHERE id = ${id}`, [{ state: 'done', queued: audience, sent: audience }]);
  const written = query(`SELECT account_id, count(*) AS n FROM email_outbox WHERE campaign_id = ${id} GROUP BY account_id`);
  assert.equal(written.length, audience);
  assert.ok(written.every((row) => row.n === 1));
  for (const account of seeded.slice(0, 4)) {
    const mails = query(`SELECT m.subject FROM dev_mailbox m JOIN email_outbox o ON o.id = m.outbox_id \
      WHERE o.campaign_id = ${id} AND m.to_address = '${account.email}'`);
    assert.deepEqual(mails, [{ subject: 'Transfer your National Registry account to login.gov' }], account.email);
  }
  assert.equal(query(`SELECT count(*) AS n FROM email_outbox WHERE campaign_id = ${id} AND to_address = '${moved.email}'`)[0].n, 0);

  // A done campaign pauses no more; the list shows it.
  assert.equal((await staffPost(admin, `/api/staff/campaigns/${id}/pause`, {})).status, 409);
  const list = await (await programOffice.b.go(`${APP}/api/staff/campaigns`)).json();
  const listed = list.find((c) => c.id === id);
  assert.deepEqual(listed.progress, { queued: audience, sent: audience, failed: 0, skipped: 0 });

  // The button: a person's visit counted, nothing of the person, then the step's page.
  // A mail scanner's fetch (no Sec-Fetch-User) is led on the same way, and not counted.
  const scanned = await browser().go(`${APP}/reminder/${id}`);
  assert.equal(scanned.status, 303);
  assert.equal(scanned.headers.get('location'), '/transfer');
  assert.equal(query(`SELECT arrivals FROM campaigns WHERE id = ${id}`)[0].arrivals, 0);
  const visit = await browser().go(`${APP}/reminder/${id}`, { headers: { 'sec-fetch-mode': 'navigate', 'sec-fetch-user': '?1' } });
  assert.equal(visit.status, 303);
  assert.equal(visit.headers.get('location'), '/transfer');
  assert.equal(query(`SELECT arrivals FROM campaigns WHERE id = ${id}`)[0].arrivals, 1);
  const unknown = await browser().go(`${APP}/reminder/999999999`);
  assert.equal(unknown.headers.get('location'), '/');

  // A recipient who transfers afterwards counts in the campaign's effect.
  query(`UPDATE registry_accounts SET migration_state = 'migrated' WHERE registry_number = '${seeded[0].number}'`);
  const effect = (await (await programOffice.b.go(`${APP}/api/staff/campaigns/${id}`)).json()).campaign.effect;
  assert.deepEqual(effect.transferred, [1, 1, 1]);
});

test('a paused campaign writes nothing until resumed; the help desk and a wrong form are refused', async () => {
  const name = `Paused ${freshRegistryNumber()}`;
  await staffPost(programOffice, '/api/staff/campaigns', { ...form(name), license_state: 'MP' });
  const id = campaignNamed(name);
  assert.equal((await staffPost(admin, `/api/staff/campaigns/${id}/approve`, {})).status, 200);
  assert.equal((await staffPost(programOffice, `/api/staff/campaigns/${id}/pause`, {})).status, 200);
  seedAccounts([{ email: freshEmail('campaign.paused'), state: 'MP' }]);
  await cron();
  assert.equal(query(`SELECT count(*) AS n FROM email_outbox WHERE campaign_id = ${id}`)[0].n, 0);
  assert.equal((await staffPost(programOffice, `/api/staff/campaigns/${id}/resume`, {})).status, 200);
  await cron();
  const mp = query("SELECT count(*) AS n FROM registry_accounts WHERE license_state = 'MP' AND migration_state = 'legacy' AND awaiting_fix = 0")[0].n;
  await eventually(`SELECT queued FROM campaigns WHERE id = ${id}`, [{ queued: mp }]);
  const events = query(`SELECT event FROM audit_events WHERE detail = 'campaign ${id}' ORDER BY id`).map((r) => r.event);
  assert.deepEqual(events, ['campaign_approved', 'campaign_paused', 'campaign_resumed']);

  assert.equal((await helpDesk.b.go(`${APP}/api/staff/campaigns`)).status, 403);
  assert.equal((await staffPost(helpDesk, '/api/staff/campaigns', form('x'))).status, 403);
  const noCsrf = await programOffice.b.go(`${APP}/api/staff/campaigns`, {
    method: 'POST', headers: { origin: APP, 'content-type': 'application/json' }, body: JSON.stringify(form('y')),
  });
  assert.equal(noCsrf.status, 403);
  const wrong = await staffPost(programOffice, '/api/staff/campaigns', { ...form(''), stage: 'linked', starts_on: '2001-01-01' });
  assert.equal(wrong.status, 400);
  const fields = (await wrong.json()).fields.map((f) => f.field);
  assert.deepEqual(fields, ['name', 'stage', 'starts_on']);
});
