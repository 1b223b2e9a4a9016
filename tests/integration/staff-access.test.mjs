// Cloudflare Access in front of the staff side, verified by the worker as
// well: the PKCE worker of the tests is configured with an Access team (the
// stand-in signs its assertions, and lists its keys at /cdn-cgi/access/certs)
// and an application audience (scripts/lib.sh start_test_system).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ISSUER, browser, reachCallback } from '../support/sign-in.mjs';

const PKCE_APP = process.env.PKCE_APP_ORIGIN;
const skip = !PKCE_APP && 'no PKCE_APP_ORIGIN (scripts/test starts that worker)';
const DANA_REYES = { sub: '5b7d9f1a-2c4e-4a6b-8d0f-6a8c0e2f4b51' };

async function assertion(body) {
  const response = await fetch(`${ISSUER}/__stand-in/access-assertion`, { method: 'POST', body: JSON.stringify(body) });
  assert.equal(response.status, 200);
  return response.text();
}

test('behind Cloudflare Access, a staff request needs Access\'s assertion for this application, besides the staff session', { skip }, async () => {
  const b = browser();
  const callback = await reachCallback(b, DANA_REYES, '/auth/staff/login', PKCE_APP);
  assert.equal((await b.go(callback)).headers.get('location'), '/staff');
  const session = async (value) => {
    const response = await b.go(`${PKCE_APP}/api/staff/session`, { headers: value === undefined ? {} : { 'cf-access-jwt-assertion': value } });
    await response.arrayBuffer();
    return response.status;
  };
  const good = await assertion({ aud: 'registry-staff-test', email: 'dana.reyes@dot.gov' });
  assert.equal(await session(undefined), 403, 'no assertion');
  assert.equal(await session('x.y.z'), 403, 'not a JWT');
  assert.equal(await session(await assertion({ aud: 'another-application', email: 'dana.reyes@dot.gov' })), 403, 'another application');
  assert.equal(await session(await assertion({ aud: 'registry-staff-test', email: 'dana.reyes@dot.gov', expiresIn: -3600 })), 403, 'expired');
  const [head, body] = good.split('.');
  assert.equal(await session(`${head}.${body}.${'A'.repeat(342)}`), 403, 'a forged signature');
  assert.equal(await session(good), 200);
  // The staff API's worker works with the settings the registry's worker passes on: a client's own are replaced.
  const withoutAccess = JSON.stringify({ STAFF_ACCESS_ISSUER: '', STAFF_ACCESS_AUD: '' });
  const forged = await b.go(`${PKCE_APP}/api/staff/session`, { headers: { 'x-registry-settings': withoutAccess } });
  await forged.arrayBuffer();
  assert.equal(forged.status, 403, 'settings sent by the client');
  const anonymous = await browser().go(`${PKCE_APP}/api/staff/session`, { headers: { 'cf-access-jwt-assertion': good } });
  await anonymous.arrayBuffer();
  assert.equal(anonymous.status, 401, 'Access alone is no staff session');
});
