// Reads the local D1 of the running worker through wrangler, as an operator would.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const persistTo = () => join(process.env.STATE_DIR ?? '.dev', 'wrangler');

/** Rows of a query against the local D1 (a test's setup may also change rows, e.g. to age a link). */
export function query(sql) {
  const out = execFileSync('wrangler', ['d1', 'execute', 'DB', '--local', '--persist-to', persistTo(), '--json', '--command', sql], {
    encoding: 'utf8',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  });
  return JSON.parse(out)[0].results;
}

/** A `wrangler kv key` command on the running system's local KV, e.g. `kv(['put', 'key', 'value'])`. */
export function kv([verb, ...args]) {
  execFileSync('wrangler', ['kv', 'key', verb, ...args, '--binding', 'KV', '--local', '--persist-to', persistTo()], {
    encoding: 'utf8', stdio: 'pipe', env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  });
}

/** Runs scripts/import on the local D1; resolves to its exit code and output. */
export function importCsv(file) {
  try {
    const output = execFileSync('scripts/import', [file, '--local', '--persist-to', persistTo()], { encoding: 'utf8', stdio: 'pipe' });
    return { code: 0, output };
  } catch (error) {
    return { code: error.status, output: `${error.stdout}${error.stderr}` };
  }
}
