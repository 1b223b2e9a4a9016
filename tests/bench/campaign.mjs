// Reminder campaign benchmark on the full-size registry: a campaign to every
// Medical Examiner not transferred, from compose to the last email in the dev
// mailbox, at the local pace (CAMPAIGN_EMAILS_PER_MINUTE in wrangler.toml's
// local environment). Prints the figures; fails only if an email is missing,
// written twice or given up on.
//   scripts/bench-campaign
import { query } from '../support/d1.mjs';
import { workerCpuMs } from '../support/cpu.mjs';
import { browser, staffSignIn } from '../support/sign-in.mjs';

const APP = process.env.APP_ORIGIN ?? 'http://127.0.0.1:8787';
const SAM = '6c8e0a2b-3d5f-4b7c-9e1a-7b9d1f3a5c62'; // the demo program office
const ALEX = '7d9f1b3c-4e6a-4c8d-8f2b-8c0e2a4b6d73'; // the demo administrator
const BATCH = 100; // domain::campaign::BATCH

async function member(sub) {
  const b = browser();
  const location = await staffSignIn(b, { sub });
  if (location.pathname !== '/staff') throw new Error(`the demo staff member ${sub} was not signed in: ${location}`);
  const { csrf_token: csrf } = await (await b.go(`${APP}/api/staff/session`)).json();
  return { b, csrf };
}
const post = (m, path, body) => m.b.go(`${APP}${path}`, {
  method: 'POST', headers: { origin: APP, 'content-type': 'application/json', 'x-csrf-token': m.csrf }, body: JSON.stringify(body),
});

const office = await member(SAM);
const admin = await member(ALEX);
const name = `Every examiner not transferred ${Date.now()}`;
const composed = await post(office, '/api/staff/campaigns', { name, account_type: 'examiner', stage: 'legacy' });
if (composed.status !== 200) throw new Error(`compose: ${composed.status} ${await composed.text()}`);
const [{ id }] = query(`SELECT id FROM campaigns WHERE name = '${name}'`);

// The audience query, as the campaign's page runs it: its size (the funnel's counts) and its first emails.
const times = [];
for (let i = 0; i < 20; i += 1) {
  const started = performance.now();
  const page = await office.b.go(`${APP}/api/staff/campaigns/${id}`);
  await page.arrayBuffer();
  times.push(performance.now() - started);
}
times.sort((a, b) => a - b);
const { campaign } = await (await office.b.go(`${APP}/api/staff/campaigns/${id}`)).json();
console.log(`audience: ${campaign.audience_size} Medical Examiners not transferred`);
console.log(`the campaign's page (audience size and 3 emails): p50 ${times[10].toFixed(1)} ms, max ${times[19].toFixed(1)} ms`);

const approved = await post(admin, `/api/staff/campaigns/${id}/approve`, {});
if (approved.status !== 200) throw new Error(`approve: ${approved.status} ${await approved.text()}`);

// The cron, again and again: each call writes what the pace allows since the last.
const started = performance.now();
let peakCpuPerBatch = 0;
let calls = 0;
let state;
for (;;) {
  const before = { cpu: workerCpuMs(), queued: query(`SELECT queued FROM campaigns WHERE id = ${id}`)[0].queued };
  await (await fetch(`${APP}/__scheduled?cron=*/5+*+*+*+*`)).arrayBuffer();
  calls += 1;
  [state] = query(`SELECT state, queued, sent, failed, skipped FROM campaigns WHERE id = ${id}`);
  const batches = Math.ceil((state.queued - before.queued) / BATCH);
  if (batches > 0) peakCpuPerBatch = Math.max(peakCpuPerBatch, (workerCpuMs() - before.cpu) / batches);
  if (state.state === 'done' && state.sent + state.failed + state.skipped === state.queued) break;
  if (performance.now() - started > 3_600_000) throw new Error(`not done after an hour: ${JSON.stringify(state)}`);
  await new Promise((r) => setTimeout(r, 1000));
}
const seconds = (performance.now() - started) / 1000;
const [{ written, people }] = query(`SELECT count(*) AS written, count(DISTINCT account_id) AS people FROM email_outbox WHERE campaign_id = ${id}`);
const [{ mailbox }] = query(`SELECT count(*) AS mailbox FROM dev_mailbox m JOIN email_outbox o ON o.id = m.outbox_id WHERE o.campaign_id = ${id}`);
console.log(`${state.queued} written, ${state.sent} sent, ${state.failed} failed, ${state.skipped} skipped; ${mailbox} in the dev mailbox`);
console.log(`total: ${seconds.toFixed(0)} s over ${calls} cron calls, ${(state.sent / seconds).toFixed(1)} emails/s`);
console.log(`worker CPU per batch of ${BATCH} written (peak over the cron calls; the deliveries of the moment included): ${peakCpuPerBatch.toFixed(0)} ms`);
const wrong = written !== people || written !== campaign.audience_size || state.failed > 0 || mailbox !== written;
if (wrong) {
  console.error(`FAILED: ${written} emails for ${people} people of ${campaign.audience_size}, ${state.failed} failed, ${mailbox} delivered`);
  process.exit(1);
}
