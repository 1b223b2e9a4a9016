// The transfer deadline (TRANSFER_DEADLINE, one per environment): where it
// stands on each of three workers configured ahead of it, in its last days and
// past it (scripts/lib.sh start_test_system sets their dates from today), and
// the sentence a transfer's email carries while it is ahead.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { delivered } from '../support/d1.mjs';
import { freshEmail, seedAccounts } from '../support/registry.mjs';

const APP = process.env.APP_ORIGIN ?? 'http://127.0.0.1:8787';
const { PKCE_APP_ORIGIN: CLOSING, PAST_DEADLINE_APP_ORIGIN: PASSED } = process.env;
const skip = !(CLOSING && PASSED && process.env.DEADLINE_AHEAD) && 'scripts/test starts the workers and sets their deadlines';
const AFTER = 'Your listing on the public National Registry may be removed until your account is transferred.';

/** `GET /api/deadline` of the worker at `origin`. */
async function deadlineAt(origin) {
  const response = await fetch(`${origin}/api/deadline`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('cache-control'), /no-store/);
  return response.json();
}

/** "2027-06-30" as the pages write it. */
const inWords = (iso) => new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-US', { month: 'long', day: 'numeric', year: 'numeric', timeZone: 'UTC' });

test('each worker says where its deadline stands, in words, with what missing it means', { skip }, async () => {
  const ahead = await deadlineAt(APP);
  assert.equal(ahead.stage, 'ahead');
  assert.equal(ahead.last_day, process.env.DEADLINE_AHEAD);
  assert.equal(ahead.last_day_words, inWords(process.env.DEADLINE_AHEAD));
  // Today is the U.S.'s last time zone's: a day behind UTC for eleven hours of it.
  assert.ok([200, 201].includes(ahead.days_left), `${ahead.days_left} days left`);
  assert.equal(ahead.after_words, AFTER);

  const closing = await deadlineAt(CLOSING);
  assert.equal(closing.stage, 'closing');
  assert.ok([10, 11].includes(closing.days_left), `${closing.days_left} days left`);

  const passed = await deadlineAt(PASSED);
  assert.equal(passed.stage, 'passed');
  assert.equal(passed.days_left, undefined);
  assert.equal(passed.last_day, process.env.DEADLINE_PASSED);

  const posted = await fetch(`${APP}/api/deadline`, { method: 'POST', headers: { origin: APP } });
  await posted.arrayBuffer();
  assert.equal(posted.status, 405);
});

test('a transfer\'s email says the deadline while it is ahead', { skip }, async () => {
  const [account] = seedAccounts([{ email: freshEmail('deadline') }]);
  const { last_day_words: by } = await deadlineAt(APP);
  const answer = await fetch(`${APP}/api/transfer`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'cf-connecting-ip': '2001:db8:dead:1::1' },
    body: JSON.stringify({ account_type: 'examiner', registry_number: account.number, license_number: account.license, license_state: account.state }),
  });
  assert.equal(answer.status, 202);
  const mail = await delivered(`email_outbox o JOIN registry_accounts a ON a.id = o.account_id WHERE a.registry_number = '${account.number}'`);
  assert.ok(mail, 'the email was delivered to the dev mailbox');
  assert.equal(mail.subject, 'Your account was migrated successfully');
  const sentence = `Transfer your National Registry account to login.gov by ${by}.`;
  assert.ok(mail.text_body.includes(sentence) && mail.html_body.includes(sentence), mail.text_body);
});
