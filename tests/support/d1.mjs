// Reads the local D1 of the running worker through wrangler, as an operator would.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

// The main worker's D1, or another worker's of the test system (`pkce-worker`, `preview-worker`: their own).
const persistTo = (worker = 'worker') => join(process.env.STATE_DIR ?? '.dev', worker === 'worker' ? 'wrangler' : `${worker}-wrangler`);

/**
 * Runs a wrangler command on the local D1. wrangler opens the SQLite file
 * beside the running worker, which may be writing it (queue consumer,
 * waitUntil): a locked database is tried again, a few times.
 */
function wranglerOnD1(args) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return execFileSync(args[0], args.slice(1), { encoding: 'utf8', stdio: 'pipe', env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } });
    } catch (error) {
      const locked = /SQLITE_BUSY|database is locked/.test(`${error.stdout}${error.stderr}`);
      if (!locked || attempt === 5) throw error;
      execFileSync('sleep', [String(0.2 * attempt)]);
    }
  }
}

/** Rows of a query against the local D1 (a test's setup may also change rows, e.g. to age a link); of `worker`'s, if named. */
export function query(sql, worker = 'worker') {
  const out = wranglerOnD1(['wrangler', 'd1', 'execute', 'DB', '--local', '--persist-to', persistTo(worker), '--json', '--command', sql]);
  return JSON.parse(out)[0].results;
}

/** A `wrangler kv key` command on the running system's local KV, e.g. `kv(['put', 'key', 'value'])`; its output. */
export function kv([verb, ...args]) {
  return wranglerOnD1(['wrangler', 'kv', 'key', verb, ...args, '--binding', 'KV', '--local', '--persist-to', persistTo()]);
}

/** Runs `scripts/staff ARGS…` (add EMAIL ROLE, remove EMAIL, list) on the local D1; its output. */
export function staffCommand(...args) {
  return wranglerOnD1(['scripts/staff', ...args, '--local', '--persist-to', persistTo()]);
}

/** Runs `scripts/outbox COMMAND` (list-failed, retry-failed) on the local D1; its output. */
export function outboxCommand(command) {
  return wranglerOnD1(['scripts/outbox', command, '--local', '--persist-to', persistTo()]);
}

/** Runs scripts/import on the local D1 (`worker`'s, if named); returns its exit code and output. */
export function importCsv(file, worker = 'worker') {
  try {
    // The import is idempotent, so trying it again after a lock is safe.
    return { code: 0, output: wranglerOnD1(['scripts/import', file, '--local', '--persist-to', persistTo(worker)]) };
  } catch (error) {
    return { code: error.status, output: `${error.stdout}${error.stderr}` };
  }
}

/** Waits (5 s at most) until `sql` gives the rows `expected`: for what the worker writes after its answer. */
export async function eventually(sql, expected) {
  let rows;
  for (let i = 0; i < 20; i += 1) {
    rows = query(sql);
    if (JSON.stringify(rows) === JSON.stringify(expected)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.deepEqual(rows, expected, sql);
}

/**
 * The newest email the dev mailbox received for the outbox rows `outbox`
 * selects (what follows FROM, over `email_outbox o`, with its WHERE), waiting
 * (5 s at most) for its delivery; undefined if none came. The outbox itself
 * keeps no body once an email is sent.
 */
export async function delivered(outbox) {
  for (let i = 0; i < 20; i += 1) {
    const [mail] = query(`SELECT m.subject, m.text_body, m.html_body FROM dev_mailbox m JOIN ${outbox} AND o.id = m.outbox_id ORDER BY m.id DESC LIMIT 1`);
    if (mail) return mail;
    await new Promise((r) => setTimeout(r, 250));
  }
  return undefined;
}
