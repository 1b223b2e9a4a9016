// The local D1 of the running system, read and changed as the worker keeps
// it: the SQLite file wrangler dev writes, opened with Node's own SQLite (one
// connection per test file) rather than a `wrangler d1 execute` process per
// query, which cost a second or two each. The worker may be writing the file
// at the same moment (queue consumer, waitUntil): SQLite's own locking waits.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

// The main worker's state, or another worker's of the test system (`pkce-worker`, `preview-worker`: their own).
const persistTo = (worker = 'worker') => join(process.env.STATE_DIR ?? '.dev', worker === 'worker' ? 'wrangler' : `${worker}-wrangler`);

const databases = new Map();
/** `worker`'s D1: the one database file beside miniflare's metadata. */
function d1(worker = 'worker') {
  if (!databases.has(worker)) {
    const dir = join(persistTo(worker), 'v3', 'd1', 'miniflare-D1DatabaseObject');
    const files = readdirSync(dir).filter((name) => name.endsWith('.sqlite') && name !== 'metadata.sqlite');
    assert.equal(files.length, 1, `one D1 database in ${dir}`);
    databases.set(worker, new DatabaseSync(join(dir, files[0]), { timeout: 10_000 }));
  }
  return databases.get(worker);
}

/** Rows of a query against the local D1 (a test's setup may also change rows, e.g. to age a link); of `worker`'s, if named. */
export function query(sql, worker = 'worker') {
  // Plain objects, as wrangler's JSON gave them (strict equality compares prototypes).
  return d1(worker).prepare(sql).all().map((row) => ({ ...row }));
}

/** Runs a command of the repository that works on the local D1 or KV through wrangler; its output. */
function command(args) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return execFileSync(args[0], args.slice(1), { encoding: 'utf8', stdio: 'pipe', env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } });
    } catch (error) {
      // wrangler opens the SQLite file beside the running worker: a locked database is tried again, a few times.
      const locked = /SQLITE_BUSY|database is locked/.test(`${error.stdout}${error.stderr}`);
      if (!locked || attempt === 5) throw error;
      execFileSync('sleep', [String(0.2 * attempt)]);
    }
  }
}

/** A `wrangler kv key` command on the running system's local KV, e.g. `kv(['put', 'key', 'value'])`; its output. */
export function kv([verb, ...args]) {
  return command(['wrangler', 'kv', 'key', verb, ...args, '--binding', 'KV', '--local', '--persist-to', persistTo()]);
}

/** Runs `scripts/staff ARGS…` (add EMAIL ROLE, remove EMAIL, list) on the local D1; its output. */
export function staffCommand(...args) {
  return command(['scripts/staff', ...args, '--local', '--persist-to', persistTo()]);
}

/** Runs `scripts/outbox COMMAND` (list-failed, retry-failed) on the local D1; its output. */
export function outboxCommand(command_) {
  return command(['scripts/outbox', command_, '--local', '--persist-to', persistTo()]);
}

/** Runs scripts/import on the local D1 (`worker`'s, if named); returns its exit code and output. */
export function importCsv(file, worker = 'worker') {
  try {
    // The import is idempotent, so trying it again after a lock is safe.
    return { code: 0, output: command(['scripts/import', file, '--local', '--persist-to', persistTo(worker)]) };
  } catch (error) {
    return { code: error.status, output: `${error.stdout}${error.stderr}` };
  }
}

/**
 * Loads a registry CSV into `worker`'s D1 with the import's own statements
 * (the `import` binary's SQL, as scripts/import gives wrangler), in one
 * transaction: the tests' seeds, without a wrangler process each.
 */
export function seedCsv(file, worker = 'worker') {
  const sql = execFileSync('cargo', ['run', '--quiet', '--locked', '-p', 'import', '--', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const db = d1(worker);
  db.exec('BEGIN IMMEDIATE');
  try {
    db.exec(sql);
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}

// What the worker does after its answer (a queue's batch, an email) is
// looked for every 100 ms, for 30 s at most: a generous bound, met at once
// when all is well, that a slow machine does not turn into a failure.
const POLL_MS = 100;
const POLLS = 300;

/** Waits until `sql` gives the rows `expected`: for what the worker writes after its answer. */
export async function eventually(sql, expected) {
  let rows;
  for (let i = 0; i < POLLS; i += 1) {
    rows = query(sql);
    if (JSON.stringify(rows) === JSON.stringify(expected)) return;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  assert.deepEqual(rows, expected, sql);
}

/**
 * The newest email the dev mailbox received for the outbox rows `outbox`
 * selects (what follows FROM, over `email_outbox o`, with its WHERE), waiting
 * for its delivery; undefined if none came. The outbox itself
 * keeps no body once an email is sent.
 */
export async function delivered(outbox) {
  for (let i = 0; i < POLLS; i += 1) {
    const [mail] = query(`SELECT m.subject, m.text_body, m.html_body FROM dev_mailbox m JOIN ${outbox} AND o.id = m.outbox_id ORDER BY m.id DESC LIMIT 1`);
    if (mail) return mail;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  return undefined;
}
