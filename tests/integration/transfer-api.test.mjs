// POST /api/transfer against the real worker and its local D1: each outcome,
// identical answers, bad input, and what is stored afterwards.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { describe, test } from 'node:test';

// D1 is written after the answer, by the transfer queue's consumer: `eventually` polls briefly for the rows.
import { ANSWER_HEADER, LOCAL_CHALLENGE, passedCheck } from '../support/challenge.mjs';
import { delivered, eventually, kv, query } from '../support/d1.mjs';
import { freshEmail, freshRegistryNumber, seedAccounts } from '../support/registry.mjs';
import { browser, loginGovPerson, signIn } from '../support/sign-in.mjs';

const APP = process.env.APP_ORIGIN ?? 'http://127.0.0.1:8787';
const SUBMITTED = '{"message":"Details on how to proceed have been sent to the email address on file, if it exists."}';

const post = (body, headers = { 'content-type': 'application/json' }) =>
  fetch(`${APP}/api/transfer`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
const examinerForm = (a) => ({ account_type: 'examiner', registry_number: a.number, license_number: a.license, license_state: a.state });

const snapshot = () => query(
  'SELECT (SELECT count(*) FROM registry_accounts WHERE migration_state <> \'legacy\') AS moved, ' +
  '(SELECT count(*) FROM email_outbox) AS emails, (SELECT count(*) FROM account_links) AS links, ' +
  '(SELECT count(*) FROM audit_events) AS events',
)[0];

/** The newest audit event: whatever a test's own requests record comes after it. */
const lastEventId = () => query('SELECT coalesce(max(id), 0) AS id FROM audit_events')[0].id;
/**
 * Waits until `n` audit events were recorded after `since`: every transfer
 * records one after its answer (the queue's consumer), so then that work is done and
 * cannot land in a later test's counts.
 */
const recorded = (since, n) => eventually(`SELECT count(*) AS n FROM audit_events WHERE id > ${since}`, [{ n }]);

/** Examiners and assistants of one test, so that no test sees another's writes. */
function seedCases() {
  const shared = freshEmail('shared');
  const boss = freshRegistryNumber();
  const [unique, sharedEmail, , migrated, examiner, assistant, thirdParty] = seedAccounts([
    { email: freshEmail('unique') },
    { email: shared },
    { email: freshEmail('other'), secondary: shared.toUpperCase() },
    { email: freshEmail('moved'), migration: 'migrated' },
    { number: boss, email: freshEmail('boss') },
    { type: 'assistant', examiner: boss, email: freshEmail('assistant') },
    { type: 'third_party', examiner: boss, email: freshEmail('clinic') },
  ]);
  return { unique, sharedEmail, migrated, examiner, assistant, thirdParty };
}

/** `FROM … WHERE` for one account's rows of a table given with its alias, e.g. `'email_outbox o'`. */
const ofAccount = (table, person) => `${table} JOIN registry_accounts a ON a.id = ${table.split(' ')[1]}.account_id WHERE a.registry_number = '${person.number}'`;

test('every outcome gets the same status, headers and bytes', async () => {
  const { unique, sharedEmail, migrated, examiner, assistant } = seedCases();
  const since = lastEventId();
  const answers = [];
  for (const form of [
    examinerForm(unique),
    examinerForm(sharedEmail),
    examinerForm(migrated),
    { ...examinerForm(unique), license_number: 'WRONG1' },
    { account_type: 'assistant', registry_number: examiner.number, email: assistant.email },
    { account_type: 'assistant', registry_number: examiner.number, email: 'nobody@example.com' },
  ]) {
    const response = await post(form);
    const headers = [...response.headers].filter(([name]) => name !== 'date');
    answers.push({ status: response.status, headers, body: await response.text() });
  }
  assert.equal(answers[0].status, 202);
  assert.equal(answers[0].body, SUBMITTED);
  for (const answer of answers.slice(1)) assert.deepEqual(answer, answers[0]);
  await recorded(since, answers.length);
});

test('a match whose email no one else uses is migrated and sent "migrated successfully"', async () => {
  const { unique } = seedCases();
  assert.equal((await post(examinerForm(unique))).status, 202);
  await eventually(`SELECT migration_state FROM registry_accounts WHERE registry_number = '${unique.number}'`, [{ migration_state: 'migrated' }]);
  await eventually(`SELECT kind, subject FROM ${ofAccount('email_outbox o', unique)}`, [{ kind: 'migrated', subject: 'Your account was migrated successfully' }]);
  await eventually(`SELECT e.event FROM ${ofAccount('audit_events e', unique)} AND e.actor = 'transfer'`, [{ event: 'transfer_migrated' }]);
});

test('a match whose email another account uses (as its secondary, in another case) is not migrated and gets the fix link', async () => {
  const { sharedEmail } = seedCases();
  assert.equal((await post(examinerForm(sharedEmail))).status, 202);
  await eventually(`SELECT kind, subject FROM ${ofAccount('email_outbox o', sharedEmail)}`, [{ kind: 'not_migrated', subject: 'Your account was NOT migrated successfully' }]);
  const [{ migration_state: state }] = query(`SELECT migration_state FROM registry_accounts WHERE registry_number = '${sharedEmail.number}'`);
  assert.equal(state, 'legacy');
  const [link] = query(`SELECT l.token_hash, l.expires_at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+23 hours') AS lasts_a_day FROM ${ofAccount('account_links l', sharedEmail)}`);
  assert.match(link.token_hash, /^[0-9a-f]{64}$/);
  assert.equal(link.lasts_a_day, 1);
  const { text_body: text } = await delivered(ofAccount('email_outbox o', sharedEmail));
  const token = text.match(/\/transfer\/fix\/([0-9a-f]{64})/)?.[1];
  assert.ok(token, 'the email carries the fix link');
  assert.notEqual(token, link.token_hash, 'only the hash is stored');
  await eventually(`SELECT o.status, o.text_body, o.html_body FROM ${ofAccount('email_outbox o', sharedEmail)}`, [{ status: 'sent', text_body: '', html_body: '' }]);
  // (instr, not LIKE: D1 limits the length of a LIKE pattern.)
  assert.deepEqual(query(`SELECT count(*) AS n FROM email_outbox WHERE instr(text_body, '${token}') > 0 OR instr(html_body, '${token}') > 0`), [{ n: 0 }], 'once sent, the link is nowhere in the outbox');
  assert.deepEqual(query("SELECT count(*) AS n FROM email_outbox WHERE status = 'sent' AND (text_body <> '' OR html_body <> '')"), [{ n: 0 }]);
});

test('an account that has moved already is sent "migrated successfully" again and not changed', async () => {
  const { migrated } = seedCases();
  assert.equal((await post(examinerForm(migrated))).status, 202);
  await eventually(`SELECT o.kind, a.migration_state FROM ${ofAccount('email_outbox o', migrated)}`, [{ kind: 'migrated', migration_state: 'migrated' }]);
});

test('a license is matched however it is written, and kept as the registry wrote it', async () => {
  const digits = freshRegistryNumber().slice(-6);
  const [examiner] = seedAccounts([{ email: freshEmail('license'), license: `VA-${digits}`, state: 'VA' }]);
  assert.equal((await post({ ...examinerForm(examiner), license_number: ` va ${digits.slice(0, 3)} ${digits.slice(3)} ` })).status, 202);
  await eventually(
    `SELECT migration_state, license_number, license_key FROM registry_accounts WHERE registry_number = '${examiner.number}'`,
    [{ migration_state: 'migrated', license_number: `VA-${digits}`, license_key: `VA${digits}` }],
  );
});

test('an account linked to login.gov is told so and to sign in, not to create an account', async () => {
  const [linked] = seedAccounts([{ email: freshEmail('linked'), migration: 'migrated' }]);
  query(`UPDATE registry_accounts SET migration_state = 'linked', login_gov_subject = 'subject-${linked.number}' WHERE registry_number = '${linked.number}'`);
  const since = lastEventId();
  assert.equal(await (await post(examinerForm(linked))).text(), SUBMITTED);
  await recorded(since, 1);
  const [{ kind }] = query(`SELECT o.kind FROM ${ofAccount('email_outbox o', linked)}`);
  assert.equal(kind, 'already_linked');
  const email = await delivered(ofAccount('email_outbox o', linked));
  assert.equal(email.subject, 'Your account is already linked to login.gov');
  assert.match(email.text_body, /Sign in with login\.gov: http:\/\/127\.0\.0\.1:\d+\/auth\/login\n/);
  assert.doesNotMatch(email.text_body, /Create Account/);
  await eventually(`SELECT e.event FROM ${ofAccount('audit_events e', linked)} AND e.actor = 'transfer'`, [{ event: 'transfer_already_linked' }]);
});

test('an assistant is found by the examiner\'s number and their own email; the examiner is not touched', async () => {
  const { examiner, assistant } = seedCases();
  const since = lastEventId();
  assert.equal((await post({ account_type: 'assistant', registry_number: examiner.number, email: assistant.email })).status, 202);
  await eventually(`SELECT migration_state FROM registry_accounts WHERE registry_number = '${assistant.number}'`, [{ migration_state: 'migrated' }]);
  await recorded(since, 1);
  assert.deepEqual(query(`SELECT migration_state FROM registry_accounts WHERE registry_number = '${examiner.number}'`), [{ migration_state: 'legacy' }]);
});

test('a third party is found the same way', async () => {
  const { examiner, thirdParty } = seedCases();
  const response = await post({ account_type: 'third_party', registry_number: examiner.number, email: thirdParty.email.toUpperCase() });
  assert.equal(await response.text(), SUBMITTED);
  await eventually(`SELECT migration_state FROM registry_accounts WHERE registry_number = '${thirdParty.number}'`, [{ migration_state: 'migrated' }]);
});

test('no match sends and changes nothing but an audit event', async () => {
  const [examiner] = seedAccounts([{ email: freshEmail('unmatched'), state: 'VA' }]);
  const before = snapshot();
  const response = await post({ ...examinerForm(examiner), license_state: 'WY' });
  assert.equal(response.status, 202);
  await eventually('SELECT count(*) AS n FROM audit_events', [{ n: before.events + 1 }]);
  assert.deepEqual(snapshot(), { ...before, events: before.events + 1 });
  const [last] = query('SELECT event, account_id FROM audit_events ORDER BY id DESC LIMIT 1');
  assert.deepEqual(last, { event: 'transfer_no_match', account_id: null });
});

const BAD_INPUTS = [
  ['malformed JSON', '{"account_type": "examiner",', 'bad_request'],
  ['a number where text belongs', { account_type: 'examiner', registry_number: 1000000001 }, 'bad_request'],
  ['an unknown field', { ...{ account_type: 'examiner', registry_number: '1000000001', license_number: 'X', license_state: 'MD' }, is_admin: true }, 'bad_request'],
  ['a JSON array', '[]', 'bad_request'],
  ['missing fields', {}, 'invalid_fields'],
  ['an unknown account type', { account_type: 'pilot', registry_number: '1000000001' }, 'invalid_fields'],
  ['an overlong field', { account_type: 'examiner', registry_number: '1000000001', license_number: 'A'.repeat(5000), license_state: 'MD' }, 'invalid_fields'],
];

for (const [what, body, error] of BAD_INPUTS) {
  test(`${what} gets a 400 (${error}) and changes nothing`, async () => {
    const before = snapshot();
    const response = await post(body);
    assert.equal(response.status, 400);
    assert.match(response.headers.get('content-type'), /^application\/json/);
    assert.equal((await response.json()).error, error);
    // A body refused is answered before anything is counted or queued: there is nothing later to wait for.
    assert.deepEqual(snapshot(), before);
  });
}

test('missing fields are each named with a message a person can act on', async () => {
  const { fields } = await (await post({ account_type: 'examiner' })).json();
  assert.deepEqual(fields, [
    { field: 'registry_number', message: 'Enter your National Registry number.' },
    { field: 'license_number', message: 'Enter your professional license number.' },
    { field: 'license_state', message: 'Select the State that issued your license.' },
  ]);
});

test('a form that is not JSON is refused', async () => {
  const response = await post('account_type=examiner', { 'content-type': 'application/x-www-form-urlencoded' });
  assert.equal(response.status, 400);
});

/** Sends a POST /api/transfer of `headers`, writes `chunks`, and resolves to the answer's status and body, or 'no answer' after 5 s. */
function rawPost(headers, chunks) {
  return new Promise((resolve, reject) => {
    const url = new URL(`${APP}/api/transfer`);
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => { clearTimeout(timer); req.destroy(); resolve({ status: res.statusCode, body }); });
    });
    const timer = setTimeout(() => { req.destroy(); resolve('no answer'); }, 5000);
    req.on('error', (e) => { if (e.code !== 'ECONNRESET' && e.code !== 'EPIPE') reject(e); });
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

test('a 10 MB body is refused with 413 from its Content-Length', async () => {
  const before = snapshot();
  // (wrangler dev's local proxy takes the whole body before the worker sees the request;
  // the worker refuses it from the header without reading it.)
  const response = await post(JSON.stringify({ account_type: 'x'.repeat(10 * 1024 * 1024) }));
  assert.equal(response.status, 413);
  assert.equal((await response.json()).error, 'payload_too_large');
  assert.deepEqual(snapshot(), before);
});

test('a body without a length is read only up to the limit', async () => {
  const chunk = '{"account_type":"examiner","registry_number":"' + '1'.repeat(2000);
  const answer = await rawPost({ 'transfer-encoding': 'chunked' }, [chunk, '1'.repeat(4000), '1'.repeat(4000), '"}']);
  assert.equal(answer.status, 413);
  const small = await rawPost({ 'transfer-encoding': 'chunked' }, ['{"account_type":', '"pilot"}']);
  assert.equal(small.status, 400, 'under the limit, the body is read and checked');
});

test('GET on the transfer is a 405', async () => {
  assert.equal((await fetch(`${APP}/api/transfer`)).status, 405);
});

test('the email reaches the dev mailbox through the queue, and the outbox row is marked sent', async () => {
  const [person] = seedAccounts([{ email: freshEmail('mailbox') }]);
  await post(examinerForm(person));
  let mail;
  for (let i = 0; i < 40 && !mail; i += 1) {
    const box = await (await fetch(`${APP}/api/dev/mailbox`)).json();
    mail = box.find((m) => m.to_address === person.email);
    if (!mail) await new Promise((r) => setTimeout(r, 250));
  }
  assert.ok(mail, 'the email arrived in the dev mailbox');
  assert.equal(mail.subject, 'Your account was migrated successfully');
  // The button starts the registry's own sign-in, on its own address (APP).
  assert.ok(mail.html_body.includes(`<a href="${APP}/auth/login"`));
  const [row] = query(`SELECT status, attempts FROM email_outbox WHERE id = ${mail.id}`);
  assert.deepEqual(row, { status: 'sent', attempts: 1 });
});

test('while the provider is down the email stays in the outbox with its error, and is sent once it is back', async () => {
  const [person] = seedAccounts([{ email: freshEmail('outage') }]);
  kv(['put', 'dev-mailbox:down', 'yes']);
  try {
    await post(examinerForm(person));
    const sql = `SELECT o.status, o.attempts >= 1 AS tried, o.last_error FROM email_outbox o JOIN registry_accounts a ON a.id = o.account_id WHERE a.registry_number = '${person.number}'`;
    await eventually(sql, [{ status: 'pending', tried: 1, last_error: 'the dev mailbox is down (KV key dev-mailbox:down)' }]);
  } finally {
    kv(['delete', 'dev-mailbox:down']);
  }
  // The queue retries after 10 s.
  for (let i = 0; i < 60; i += 1) {
    const [row] = query(`SELECT o.status FROM email_outbox o JOIN registry_accounts a ON a.id = o.account_id WHERE a.registry_number = '${person.number}'`);
    if (row.status === 'sent') return;
    await new Promise((r) => setTimeout(r, 500));
  }
  assert.fail('the email was not sent after the provider came back');
});

describe('limits', () => {
  const LIMIT_PER_IP = Number(process.env.TRANSFER_LIMIT_PER_IP ?? 30);
  const LIMIT_PER_NUMBER = Number(process.env.TRANSFER_LIMIT_PER_NUMBER ?? 5);
  /**
   * A client of its own, an IPv6 /64 no other test uses, so that its counts are its own
   * (wrangler dev passes the address through; Cloudflare sets it).
   */
  const group = () => Math.floor(Math.random() * 0x10000).toString(16);
  const client = () => ({ 'content-type': 'application/json', 'cf-connecting-ip': `2001:db8:${group()}:${group()}::1` });
  const statusesOf = async (requests) => {
    const statuses = [];
    for (const request of requests) {
      const response = await request();
      await response.arrayBuffer();
      statuses.push(response.status);
    }
    return statuses;
  };

  test(`fifty claims for one examiner from many addresses lock nobody out: past ${LIMIT_PER_NUMBER} the check is asked of every client, the owner passes it and is answered as every other, at most 3 emails an hour, and Log in still links`, async () => {
    const [owner] = seedAccounts([{ email: freshEmail('lockout') }]);
    const since = lastEventId();
    const strangers = await statusesOf(Array.from({ length: 50 }, () => () => post(examinerForm(owner), client())));
    assert.deepEqual(strangers, [...Array(LIMIT_PER_NUMBER).fill(202), ...Array(50 - LIMIT_PER_NUMBER).fill(428)]);

    // The owner's own claim, after the strangers': the check, then the answer every claim gets.
    const owners = client();
    const asked = await post(examinerForm(owner), owners);
    assert.equal(asked.status, 428);
    const { error, challenge } = await asked.json();
    assert.deepEqual({ error, challenge }, { error: 'challenge_required', challenge: LOCAL_CHALLENGE });
    const passed = await post(examinerForm(owner), { ...owners, [ANSWER_HEADER]: await passedCheck() });
    assert.equal(passed.status, 202);
    assert.equal(await passed.text(), SUBMITTED);
    await recorded(since, LIMIT_PER_NUMBER + 1);
    const emails = query(`SELECT o.kind FROM email_outbox o JOIN registry_accounts a ON a.id = o.account_id WHERE a.registry_number = '${owner.number}' ORDER BY o.id`);
    assert.deepEqual(emails.map((e) => e.kind), ['migrated', 'migrated', 'migrated'], 'the owner has the email; no flood');
    const person = await loginGovPerson(`Owner ${owner.number}`, [owner.email]);
    assert.equal((await signIn(browser(), person)).pathname, '/account', 'Log in still links');
  });

  test('the check for a number is asked in the same bytes whether the number is an examiner\'s or nobody\'s', async () => {
    const [examiner] = seedAccounts([{ email: freshEmail('counted') }]);
    const nobody = { ...examiner, number: freshRegistryNumber() };
    const since = lastEventId();
    const answers = new Set();
    for (const claimed of [examiner, nobody]) {
      await statusesOf(Array.from({ length: LIMIT_PER_NUMBER }, () => () => post(examinerForm(claimed), client())));
      const asked = await post(examinerForm(claimed), client());
      assert.equal(asked.status, 428);
      answers.add(await asked.text());
    }
    assert.equal(answers.size, 1);
    await recorded(since, 2 * LIMIT_PER_NUMBER);
  });

  test(`one client address meets the check after ${LIMIT_PER_IP} requests in an hour: a made-up answer is refused, the check's answer passes once`, async () => {
    const headers = client();
    const form = () => ({ account_type: 'examiner', registry_number: freshRegistryNumber(), license_number: 'NOSUCH1', license_state: 'VA' });
    const since = lastEventId();
    assert.deepEqual(await statusesOf(Array.from({ length: LIMIT_PER_IP }, () => () => post(form(), headers))), Array(LIMIT_PER_IP).fill(202));

    const asked = await post(form(), headers);
    assert.equal(asked.status, 428);
    const body = await asked.json();
    assert.deepEqual({ ...body, message: undefined }, { error: 'challenge_required', message: undefined, challenge: LOCAL_CHALLENGE });
    assert.match(body.message, /complete the check below, then select Submit again\.$/);

    const madeUp = await post(form(), { ...headers, [ANSWER_HEADER]: 'XXXX.DUMMY.TOKEN.XXXX' });
    assert.equal(madeUp.status, 428);
    assert.equal((await madeUp.json()).error, 'challenge_failed');
    for (const elsewhere of [{ hostname: 'evil.example' }, { action: 'login' }]) {
      const made = await post(form(), { ...headers, [ANSWER_HEADER]: await passedCheck(elsewhere) });
      assert.equal(made.status, 428, `an answer made ${JSON.stringify(elsewhere)}`);
      assert.equal((await made.json()).error, 'challenge_failed');
    }
    const answer = await passedCheck();
    const passed = await post(form(), { ...headers, [ANSWER_HEADER]: answer });
    assert.equal(passed.status, 202);
    assert.equal(await passed.text(), SUBMITTED);
    const replayed = await post(form(), { ...headers, [ANSWER_HEADER]: answer });
    assert.equal(replayed.status, 428, 'an answer passes once');
    assert.equal((await replayed.json()).error, 'challenge_failed');
    await recorded(since, LIMIT_PER_IP + 1);
  });
});
