// The outbox delivers every email exactly once, whatever fails: the rows a
// batch wrote go on the queue; the sweep (the cron, fired here through
// wrangler dev's /__scheduled) sends what the queue never got.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { eventually, outboxCommand, query } from '../support/d1.mjs';
import { freshEmail, seedAccounts } from '../support/registry.mjs';

const APP = process.env.APP_ORIGIN ?? 'http://127.0.0.1:8787';
const post = (form) => fetch(`${APP}/api/transfer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(form) });
const fireTheSweep = async () => { await (await fetch(`${APP}/__scheduled?cron=${encodeURIComponent('*/5 * * * *')}`)).arrayBuffer(); };
/**
 * What "nothing happened" waits for, instead of a fixed time: another
 * person's email, put on the queue after what the test did, is sent — so the
 * queue has had its turn at whatever was put on it before.
 */
const anotherEmailSent = async () => {
  const [other] = seedAccounts([{ email: freshEmail('barrier') }]);
  await post({ account_type: 'examiner', registry_number: other.number, license_number: other.license, license_state: other.state });
  await eventually(rowsOf(other), [{ status: 'sent', attempts: 1 }]);
};
const rowsOf = (person) => `SELECT o.status, o.attempts FROM email_outbox o JOIN registry_accounts a ON a.id = o.account_id WHERE a.registry_number = '${person.number}'`;

test('claims sent at once for one examiner: every email written is sent exactly once', async () => {
  const [examiner] = seedAccounts([{ email: freshEmail('at-once') }]);
  const form = { account_type: 'examiner', registry_number: examiner.number, license_number: examiner.license, license_state: examiner.state };
  // Five: the limit for one National Registry number in an hour.
  const answers = await Promise.all(Array.from({ length: 5 }, () => post(form)));
  assert.deepEqual(answers.map((a) => a.status), [202, 202, 202, 202, 202]);
  // Each claim decided is an audit event of the account (another test's claims still on the queue are not).
  await eventually(`SELECT count(*) AS n FROM audit_events e JOIN registry_accounts a ON a.id = e.account_id
                    WHERE a.registry_number = '${examiner.number}' AND e.event LIKE 'transfer%'`, [{ n: 5 }]);
  // One "migrated" email for the claim that moved the account, one more for each claim decided after it.
  const written = query(rowsOf(examiner)).length;
  assert.ok(written >= 1 && written <= 5, `${written} emails`);
  await eventually(rowsOf(examiner), Array.from({ length: written }, () => ({ status: 'sent', attempts: 1 })));
});

test('an email whose enqueue failed after its batch committed is sent by the sweep', async () => {
  const [person] = seedAccounts([{ email: freshEmail('sweep') }]);
  // As a batch leaves it when the queue then refuses the message: pending, and never queued.
  query(`INSERT INTO email_outbox (account_id, kind, to_address, subject, text_body, html_body, next_attempt_at)
         SELECT id, 'migrated', primary_email, 'Your account was migrated successfully', 'text', '<p>html</p>',
                strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-10 minutes')
         FROM registry_accounts WHERE registry_number = '${person.number}'`);
  await anotherEmailSent();
  assert.deepEqual(query(rowsOf(person)), [{ status: 'pending', attempts: 0 }], 'nothing sends it by itself');
  await fireTheSweep();
  await eventually(rowsOf(person), [{ status: 'sent', attempts: 1 }]);
  await fireTheSweep();
  await anotherEmailSent();
  assert.deepEqual(query(rowsOf(person)), [{ status: 'sent', attempts: 1 }], 'a second sweep sends nothing again');
});

test('an email given up on is counted on /api/health, and sent once it is retried', async () => {
  const [person] = seedAccounts([{ email: freshEmail('dead-letter') }]);
  const health = async () => (await fetch(`${APP}/api/health`)).json();
  const before = (await health()).emails_failed;
  // As the consumer leaves it after the last attempt.
  query(`INSERT INTO email_outbox (account_id, kind, to_address, subject, text_body, html_body, status, attempts, last_error)
         SELECT id, 'migrated', primary_email, 'Your account was migrated successfully', 'text', '<p>html</p>',
                'failed', 12, '503 Service Unavailable'
         FROM registry_accounts WHERE registry_number = '${person.number}'`);
  assert.equal((await health()).emails_failed, before + 1);
  assert.match(outboxCommand('list-failed'), /503 Service Unavailable/);
  outboxCommand('retry-failed');
  await fireTheSweep();
  await eventually(rowsOf(person), [{ status: 'sent', attempts: 1 }]);
  assert.ok((await health()).emails_failed <= before, 'retried: no longer failed');
});
