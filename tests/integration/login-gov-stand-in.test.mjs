// The local login.gov stand-in behaves as login.gov does for the registry:
// its paths, scopes and acr values, its rules on state and nonce, and a whole
// authorization code flow for each of the registry's two client kinds.
import assert from 'node:assert/strict';
import { createHash, createPrivateKey, randomBytes, randomUUID, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const ISSUER = process.env.LOGIN_GOV_ISSUER ?? 'http://127.0.0.1:9400';
const APP = process.env.APP_ORIGIN ?? 'http://127.0.0.1:8787';
const CLIENT_ID = 'urn:gov:gsa:openidconnect.profiles:sp:sso:dot:national_registry_local';
const MARIA = '3f1d5b2a-9c4e-4e7b-8a61-0d2c7f9e4b10';

const base64url = (bytes) => Buffer.from(bytes).toString('base64url');
const random = () => base64url(randomBytes(32));
const discovery = async () => (await fetch(`${ISSUER}/.well-known/openid-configuration`)).json();

/** A browser's cookie jar, just enough to follow the stand-in's redirects. */
function browser() {
  const cookies = new Map();
  return async function go(url, init = {}) {
    const headers = { ...init.headers, cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
    const response = await fetch(new URL(url, ISSUER), { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return response;
  };
}

function authorizeUrl(config, clientId, { state = random(), nonce = random(), verifier = random() } = {}) {
  const url = new URL(config.authorization_endpoint);
  url.search = new URLSearchParams({
    client_id: clientId, response_type: 'code', scope: 'openid email all_emails',
    acr_values: 'urn:acr.login.gov:auth-only', prompt: 'select_account',
    redirect_uri: `${APP}/auth/callback`, state, nonce,
    code_challenge: base64url(createHash('sha256').update(verifier).digest()), code_challenge_method: 'S256',
  });
  return url;
}

/** Signs in as a demo person on the stand-in's own page; returns the code. */
async function signInAs(sub, url) {
  const go = browser();
  let response = await go(url);
  assert.equal(response.status, 303);
  const interaction = response.headers.get('location');
  const picker = await (await go(interaction)).text();
  assert.match(picker, /Sign in as Maria Lopez/);
  response = await go(`${interaction}/login`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `sub=${sub}`,
  });
  for (let hops = 0; hops < 5 && response.status >= 300 && response.status < 400; hops += 1) {
    const next = response.headers.get('location');
    if (next.startsWith(`${APP}/auth/callback`)) return new URL(next);
    response = await go(next);
  }
  assert.fail(`no redirect back to the registry (status ${response.status})`);
}

function clientAssertion(tokenEndpoint) {
  const key = JSON.parse(readFileSync(join(process.env.STATE_DIR ?? '.dev', 'registry-client-key.json'), 'utf8'));
  const now = Math.floor(Date.now() / 1000);
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: key.kid }));
  const claims = base64url(JSON.stringify({ iss: CLIENT_ID, sub: CLIENT_ID, aud: tokenEndpoint, jti: randomUUID(), iat: now, exp: now + 300 }));
  const signature = sign('sha256', Buffer.from(`${header}.${claims}`), createPrivateKey({ key, format: 'jwk' }));
  return `${header}.${claims}.${base64url(signature)}`;
}

const claimsOf = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url'));

test("the discovery document has login.gov's paths, scopes and acr values", async () => {
  const config = await discovery();
  assert.equal(config.issuer, ISSUER);
  assert.equal(config.authorization_endpoint, `${ISSUER}/openid_connect/authorize`);
  assert.equal(config.token_endpoint, `${ISSUER}/api/openid_connect/token`);
  assert.equal(config.userinfo_endpoint, `${ISSUER}/api/openid_connect/userinfo`);
  assert.equal(config.jwks_uri, `${ISSUER}/api/openid_connect/certs`);
  assert.equal(config.end_session_endpoint, `${ISSUER}/openid_connect/logout`);
  assert.deepEqual(config.scopes_supported, ['openid', 'email', 'all_emails', 'x509', 'x509:presented', 'profile:name', 'profile:birthdate']);
  assert.ok(config.acr_values_supported.includes('urn:acr.login.gov:auth-only'));
  assert.ok(config.acr_values_supported.includes('urn:acr.login.gov:verified-facial-match-required'), 'identity verification (IAL2)');
  assert.ok(config.acr_values_supported.includes('http://idmanagement.gov/ns/assurance/aal/2?hspd12=true'), 'a PIV or CAC card, for staff');
  assert.ok(config.token_endpoint_auth_methods_supported.includes('private_key_jwt'));
});

test('a state or nonce shorter than 22 characters is refused', async () => {
  const config = await discovery();
  for (const short of [{ state: 'a'.repeat(21) }, { nonce: 'n'.repeat(21) }]) {
    const response = await fetch(authorizeUrl(config, CLIENT_ID, short), { redirect: 'manual' });
    assert.equal(response.status, 400);
    assert.match(await response.text(), /at least 22 characters/);
  }
});

test('the private_key_jwt client signs in a demo person and gets their login.gov emails', async () => {
  const config = await discovery();
  const state = random(); const nonce = random(); const verifier = random();
  const callback = await signInAs(MARIA, authorizeUrl(config, CLIENT_ID, { state, nonce, verifier }));
  assert.equal(callback.searchParams.get('state'), state);

  const tokens = await (await fetch(config.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code', code: callback.searchParams.get('code'), redirect_uri: `${APP}/auth/callback`,
      code_verifier: verifier, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: clientAssertion(config.token_endpoint),
    }),
  })).json();
  const idToken = claimsOf(tokens.id_token);
  assert.equal(idToken.sub, MARIA);
  assert.equal(idToken.nonce, nonce);
  assert.equal(idToken.iss, ISSUER);
  assert.equal(idToken.aud, CLIENT_ID);

  const userinfo = await (await fetch(config.userinfo_endpoint, { headers: { authorization: `Bearer ${tokens.access_token}` } })).json();
  assert.deepEqual(userinfo, { sub: MARIA, email: 'maria.lopez@example.com', email_verified: true, all_emails: ['maria.lopez@example.com'] });
});

test('the PKCE client is refused a token without the right verifier', async () => {
  const config = await discovery();
  const clientId = `${CLIENT_ID}_pkce`;
  const callback = await signInAs(MARIA, authorizeUrl(config, clientId, { verifier: random() }));
  const response = await fetch(config.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code', code: callback.searchParams.get('code'), redirect_uri: `${APP}/auth/callback`,
      client_id: clientId, code_verifier: random(),
    }),
  });
  assert.equal(response.status, 400);
  assert.equal((await response.json()).error, 'invalid_grant');
});
