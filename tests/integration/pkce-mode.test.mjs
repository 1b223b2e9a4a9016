// The same build configured as a PKCE-only client (LOGIN_GOV_CLIENT_AUTH=pkce,
// no private key): scripts/test runs a second worker so, beside the main one.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { query } from '../support/d1.mjs';
import { browser, signIn } from '../support/sign-in.mjs';

const PKCE_APP = process.env.PKCE_APP_ORIGIN;
const DAVID_PARK = { sub: '7d0c1b7e-5c2e-4a47-9a4e-2b1f0c6d8e31' };

test('a worker configured for PKCE alone signs a linked examiner in, with no client key', { skip: !PKCE_APP && 'no PKCE_APP_ORIGIN (scripts/test starts that worker)' }, async () => {
  const b = browser();
  const login = await b.go(`${PKCE_APP}/auth/login`);
  const authorize = new URL(login.headers.get('location'));
  assert.match(authorize.searchParams.get('client_id'), /_pkce$/);
  assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');

  assert.equal((await signIn(b, DAVID_PARK, '/auth/login', PKCE_APP)).pathname, '/account');
  const { account } = await (await b.go(`${PKCE_APP}/api/session`)).json();
  assert.equal(account.registry_number, '1000000006');
});

test('a worker that is not a local run serves no dev mailbox, even with EMAIL_PROVIDER dev-mailbox', { skip: !PKCE_APP && 'no PKCE_APP_ORIGIN (scripts/test starts that worker)' }, async () => {
  // The PKCE worker has the local environment's EMAIL_PROVIDER, but its ENVIRONMENT is not `local`.
  const health = await (await fetch(`${PKCE_APP}/api/health`)).json();
  assert.equal(health.environment, 'not-local');
  for (const path of ['/api/dev/mailbox', '/dev/mailbox']) {
    const response = await fetch(`${PKCE_APP}${path}`);
    await response.arrayBuffer();
    assert.equal(response.status, 404, path);
  }
});

// The PKCE worker keeps the local environment's limits (the main one raises them for the tests' 127.0.0.1).
test('junk sent to the callback is audited up to the limit per client and hour, then answered the same without a write', { skip: !PKCE_APP && 'no PKCE_APP_ORIGIN (scripts/test starts that worker)' }, async () => {
  const LIMIT = 30; // SIGN_IN_REFUSALS_PER_IP in wrangler.toml's local environment
  const client = { 'cf-connecting-ip': `203.0.113.${Math.floor(Math.random() * 250) + 1}` };
  const audited = () => query("SELECT count(*) AS n FROM audit_events WHERE event = 'sign_in_refused'", 'pkce-worker')[0].n;
  const before = audited();
  const pages = new Set();
  for (let i = 0; i < LIMIT + 3; i += 1) {
    const junk = i % 2 ? `error=access_denied&state=${'j'.repeat(30)}${i}` : `code=x&state=${'j'.repeat(30)}${i}`;
    const response = await fetch(`${PKCE_APP}/auth/callback?${junk}`, { headers: client, redirect: 'manual' });
    assert.equal(response.status, 303);
    pages.add(response.headers.get('location'));
  }
  assert.deepEqual([...pages].sort(), ['/sign-in/problem/cancelled', '/sign-in/problem/expired']);
  assert.equal(audited() - before, LIMIT, 'the rest were answered, not written');
  // Another client is not held back by this one.
  const other = await fetch(`${PKCE_APP}/auth/callback?code=x&state=${'k'.repeat(43)}`, { headers: { 'cf-connecting-ip': '198.51.100.250' }, redirect: 'manual' });
  assert.equal(other.status, 303);
  assert.equal(audited() - before, LIMIT + 1);
});
