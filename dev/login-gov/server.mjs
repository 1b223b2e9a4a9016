// A local stand-in for login.gov, for development and tests only: the certified
// oidc-provider configured with login.gov's paths, scopes, acr values and rules,
// and a page to choose one of the demo people instead of a password. Cloudflare
// Access's keys and Turnstile (turnstile.mjs) are stood in for at the same address.
//
//   node dev/login-gov/server.mjs    (PORT, ISSUER, APP_ORIGIN — one or more, space-separated —, STATE_DIR from the environment)
import { createPrivateKey, createSign, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';

import Provider, { interactionPolicy } from 'oidc-provider';

import { ensurePrivateJwk, publicJwk } from './keys.mjs';
import { turnstileStandIn } from './turnstile.mjs';

const PORT = Number(process.env.PORT ?? 9400);
const ISSUER = process.env.ISSUER ?? `http://127.0.0.1:${PORT}`;
// The registry's origins (more than one in the tests: a worker in PKCE-only mode beside the main one).
const APP_ORIGINS = (process.env.APP_ORIGIN ?? 'http://127.0.0.1:8787').split(/\s+/).filter(Boolean);
const STATE_DIR = process.env.STATE_DIR ?? '.dev';

/** login.gov refuses state and nonce shorter than this. */
const RANDOM_VALUE_MINIMUM_LENGTH = 22;
// login.gov's authenticator level for a PIV or CAC card (HSPD-12).
const HSPD12 = 'http://idmanagement.gov/ns/assurance/aal/2?hspd12=true';
// login.gov's identity verification (IAL2: with a facial match).
const VERIFIED = 'urn:acr.login.gov:verified-facial-match-required';
const CLIENT_ID = 'urn:gov:gsa:openidconnect.profiles:sp:sso:dot:national_registry_local';
const PKCE_CLIENT_ID = `${CLIENT_ID}_pkce`;
// The previews' own client, with its own key: its sign-ins come back to the first origin's relay.
const PREVIEWS_CLIENT_ID = `${CLIENT_ID}_previews`;

const people = JSON.parse(readFileSync(new URL('./people.json', import.meta.url), 'utf8'));
const signingKey = ensurePrivateJwk(join(STATE_DIR, 'login-gov-signing-key.json'));
const clientKey = ensurePrivateJwk(join(STATE_DIR, 'registry-client-key.json'));
const previewsClientKey = ensurePrivateJwk(join(STATE_DIR, 'previews-client-key.json'));
// Cloudflare Access stood in for too (a team whose issuer is this stand-in's), for the staff side's tests.
const accessKey = ensurePrivateJwk(join(STATE_DIR, 'access-signing-key.json'));

const client = {
  redirect_uris: APP_ORIGINS.map((origin) => `${origin}/auth/callback`),
  post_logout_redirect_uris: APP_ORIGINS.map((origin) => `${origin}/signed-out`),
  response_types: ['code'],
  grant_types: ['authorization_code'],
  id_token_signed_response_alg: 'RS256',
};

// login.gov's own interaction: the person picks an account (prompt=select_account).
const policy = interactionPolicy.base();
policy.add(new interactionPolicy.Prompt({ name: 'select_account', requestable: true }), 0);

const provider = new Provider(ISSUER, {
  clients: [
    {
      ...client,
      client_id: CLIENT_ID,
      token_endpoint_auth_method: 'private_key_jwt',
      token_endpoint_auth_signing_alg: 'RS256',
      jwks: { keys: [publicJwk(clientKey)] },
    },
    { ...client, client_id: PKCE_CLIENT_ID, token_endpoint_auth_method: 'none' },
    {
      ...client,
      client_id: PREVIEWS_CLIENT_ID,
      redirect_uris: [`${APP_ORIGINS[0]}/auth/preview-callback`],
      post_logout_redirect_uris: [`${APP_ORIGINS[0]}/signed-out`],
      token_endpoint_auth_method: 'private_key_jwt',
      token_endpoint_auth_signing_alg: 'RS256',
      jwks: { keys: [publicJwk(previewsClientKey)] },
    },
  ],
  jwks: { keys: [signingKey] },
  routes: {
    authorization: '/openid_connect/authorize',
    token: '/api/openid_connect/token',
    userinfo: '/api/openid_connect/userinfo',
    jwks: '/api/openid_connect/certs',
    end_session: '/openid_connect/logout',
  },
  scopes: ['openid', 'email', 'all_emails', 'x509', 'x509:presented', 'profile:name', 'profile:birthdate'],
  claims: {
    openid: ['sub'], email: ['email', 'email_verified'], all_emails: ['all_emails'],
    x509: ['x509_subject', 'x509_issuer', 'x509_presented'], 'x509:presented': ['x509_presented'],
    'profile:name': ['given_name', 'family_name'], 'profile:birthdate': ['birthdate'],
  },
  // The identity levels, and the authenticator level that requires a PIV or CAC card (HSPD-12).
  acrValues: ['urn:acr.login.gov:auth-only', 'urn:acr.login.gov:verified', VERIFIED, HSPD12],
  // login.gov requires PKCE of every client that sends it; the stand-in checks it whenever sent.
  pkce: { required: (ctx, c) => c.clientAuthMethod === 'none' },
  features: {
    devInteractions: { enabled: false },
    // login.gov signs the person out and returns at once; so does the stand-in
    // (its confirmation form submits itself, and has a button without script).
    rpInitiatedLogout: {
      enabled: true,
      async logoutSource(ctx, form) {
        ctx.body = page('Signing out', `${form}<p>Signing you out of login.gov…</p>
<button type="submit" form="op.logoutForm" name="logout" value="yes">Continue</button>
<script>const f = document.forms['op.logoutForm']; const i = document.createElement('input');
i.type = 'hidden'; i.name = 'logout'; i.value = 'yes'; f.appendChild(i); f.submit();</script>`);
      },
    },
    userinfo: { enabled: true },
  },
  interactions: { policy, url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  // No consent screen: login.gov asks it once, outside the registry's flow.
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email all_emails x509 x509:presented profile:name profile:birthdate');
    await grant.save();
    return grant;
  },
  async findAccount(ctx, sub) {
    const person = people.find((p) => p.sub === sub);
    return person && {
      accountId: sub,
      async claims() {
        // A person with a card presents it when the sign-in asked for one (staff), as at login.gov.
        const presented = Boolean(person.piv) && pivAsked.has(sub);
        // The verified name and birth date only after a sign-in that verified the identity.
        const verified = verifiedAsked.has(sub) ? person.verified : undefined;
        return {
          sub, email: person.emails[0], email_verified: true, all_emails: person.emails,
          x509_presented: presented, ...(presented && { x509_subject: `CN=${person.name}`, x509_issuer: 'CN=Stand-in PIV CA' }),
          ...verified,
        };
      },
    };
  },
  cookies: { keys: ['login-gov-stand-in-local-only'] },
  renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = page('Error', `<h1>login.gov stand-in: ${escape(out.error)}</h1><p>${escape(out.error_description ?? '')}</p>`);
  },
});

// The people whose last sign-in asked for a PIV or CAC card (staff sign-ins),
// and those whose last sign-in asked login.gov to verify their identity.
const pivAsked = new Set();
const verifiedAsked = new Set();

// login.gov refuses short state and nonce values; so does its stand-in.
provider.use(async (ctx, next) => {
  if (ctx.path === '/openid_connect/authorize') {
    for (const name of ['state', 'nonce']) {
      const value = String(ctx.query[name] ?? '');
      if (value.length < RANDOM_VALUE_MINIMUM_LENGTH) {
        ctx.status = 400;
        ctx.type = 'html';
        ctx.body = page('Bad request', `<h1>Bad request</h1><p>${name} must be at least ${RANDOM_VALUE_MINIMUM_LENGTH} characters.</p>`);
        return;
      }
    }
  }
  await next();
});

function escape(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title, body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} | login.gov stand-in</title></head><body style="font-family: sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; overflow-wrap: anywhere">
<p><strong>login.gov stand-in</strong> — for local development and tests only.</p>${body}</body></html>`;
}

function sendPage(res, status, title, body) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(page(title, body));
}

async function readForm(req) {
  let form = '';
  for await (const chunk of req) form += chunk;
  return new URLSearchParams(form);
}

// login.gov's sign-in page, where its "Create an account" link is: here, a
// demo person to choose instead of a password, or a new account to create.
async function chooseAccount(req, res) {
  const details = await provider.interactionDetails(req, res);
  const uid = escape(details.uid);
  const choices = people
    .map((p) => `<li><form method="post" action="/interaction/${uid}/login"><input type="hidden" name="sub" value="${escape(p.sub)}">
<button type="submit">Sign in as ${escape(p.name)}</button> <span>${escape(p.emails.join(', '))}</span><br><small>${escape(p.about)}</small></form></li>`)
    .join('\n');
  sendPage(res, 200, 'Choose a demo person', `<h1>Choose a demo person</h1>
<p>Don't have an account? <a href="/interaction/${uid}/create">Create an account</a></p><ul>${choices}</ul>`);
}

// "Create an account", as login.gov asks it, cut short: an email address, a
// confirmation of that address (login.gov emails a link; here a button), done,
// with a new sub. The password and second factor are login.gov's, not the registry's.
function createForm(uid, email = '', error = '') {
  return `<h1>Create your account</h1>${error ? `<p role="alert" id="email-error"><strong>${escape(error)}</strong></p>` : ''}
<form method="post" action="/interaction/${uid}/create"><label for="email">Enter your email address</label><br>
<input id="email" name="email" type="email" autocomplete="email" required value="${escape(email)}"${error ? ' aria-describedby="email-error"' : ''}>
<button type="submit">Submit</button></form>`;
}

async function createAccount(req, res, uid) {
  await provider.interactionDetails(req, res);
  sendPage(res, 200, 'Create your account', createForm(escape(uid)));
}

async function confirmEmailStep(req, res, uid) {
  await provider.interactionDetails(req, res);
  const email = String((await readForm(req)).get('email') ?? '').trim();
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
    return sendPage(res, 400, 'Create your account', createForm(escape(uid), email, 'Enter a valid email address.'));
  }
  if (people.some((p) => p.emails.some((e) => e.toLowerCase() === email.toLowerCase()))) {
    return sendPage(res, 400, 'Create your account', createForm(escape(uid), email, 'That email address already has a login.gov account. Sign in instead.'));
  }
  sendPage(res, 200, 'Check your email', `<h1>Check your email</h1><p>login.gov sends a confirmation link to <strong>${escape(email)}</strong>.
The stand-in sends no email: confirm it here.</p><form method="post" action="/interaction/${escape(uid)}/create/confirm">
<input type="hidden" name="email" value="${escape(email)}"><button type="submit">Confirm email address</button></form>`);
}

async function accountCreated(req, res) {
  const email = String((await readForm(req)).get('email') ?? '').trim();
  const taken = people.some((p) => p.emails.some((e) => e.toLowerCase() === email.toLowerCase()));
  if (!email || taken) {
    return sendPage(res, 400, 'Create your account', '<h1>Create your account</h1><p>Start again.</p>');
  }
  const person = { sub: randomUUID(), name: email, emails: [email], about: 'Created on the stand-in.', piv: false };
  people.push(person);
  await signedInAs(req, res, person.sub);
}

// The stand-in's own home page: who can sign in, and where to start.
function home(res) {
  const verifiedAs = (v) => (v ? `<br><small>Verified identity: ${escape(`${v.given_name} ${v.family_name}, born ${v.birthdate}`)}</small>` : '');
  const list = people.map((p) => `<li>${escape(p.name)}: ${escape(p.emails.join(', '))}<br><small>${escape(p.about)}</small>${verifiedAs(p.verified)}</li>`).join('\n');
  sendPage(res, 200, 'Home', `<h1>login.gov stand-in</h1><p>Sign-ins start at the registry: open
<a href="${escape(APP_ORIGINS[0])}/sign-in">${escape(APP_ORIGINS[0])}/sign-in</a> and select Log in. Then choose one of these demo people, or create an account.</p>
<h2>Demo people</h2><ul>${list}</ul>`);
}

async function signIn(req, res) {
  const sub = (await readForm(req)).get('sub');
  if (!people.some((p) => p.sub === sub)) {
    res.writeHead(400, { 'content-type': 'text/plain' }).end('unknown demo person');
    return;
  }
  await signedInAs(req, res, sub);
}

async function signedInAs(req, res, sub) {
  // As login.gov does, the ID token's acr is the identity level the client asked for (the first value).
  const { params } = await provider.interactionDetails(req, res);
  const acrValues = String(params.acr_values ?? '').split(' ');
  const acr = acrValues[0] || undefined;
  if (acrValues.includes(HSPD12)) pivAsked.add(sub); else pivAsked.delete(sub);
  if (acr === VERIFIED) {
    // A person the stand-in holds no verified identity for stands for one who
    // could not, or would not, verify: login.gov sends them back with an error.
    if (!people.find((p) => p.sub === sub).verified) {
      const denied = { error: 'access_denied', error_description: 'The identity was not verified.' };
      return provider.interactionFinished(req, res, denied, { mergeWithLastSubmission: false });
    }
    verifiedAsked.add(sub);
  } else verifiedAsked.delete(sub);
  await provider.interactionFinished(req, res, { select_account: {}, login: { accountId: sub, acr } }, { mergeWithLastSubmission: false });
}

// For the tests of a slow login.gov: `POST /__stand-in/delay?ms=N` makes the
// token endpoint wait N ms before answering (0 to stop).
let tokenDelayMs = 0;
provider.use(async (ctx, next) => {
  if (ctx.path === '/api/openid_connect/token' && tokenDelayMs > 0) {
    await new Promise((resolve) => setTimeout(resolve, tokenDelayMs));
  }
  await next();
});

// For tests that need a login.gov identity of their own: `POST /__stand-in/people`
// with `{ sub, name, emails, about, piv, verified }` adds a person to choose until
// the stand-in stops (`verified`: `{ given_name, family_name, birthdate }`, the
// identity login.gov verified, for sign-ins that ask for it).
async function addPerson(req, res) {
  let body = '';
  for await (const chunk of req) body += chunk;
  const { sub, name, emails, about = 'Added by a test.', piv = false, verified } = JSON.parse(body);
  if (typeof sub !== 'string' || typeof name !== 'string' || !Array.isArray(emails) || people.some((p) => p.sub === sub)) {
    res.writeHead(400, { 'content-type': 'text/plain' }).end('sub, name and emails, with a new sub');
    return;
  }
  people.push({ sub, name, emails, about, piv, verified });
  res.writeHead(201).end();
}

// Cloudflare Access's assertion, as Access signs it: `POST /__stand-in/access-assertion`
// with `{ aud, email, expiresIn }` (seconds; negative for one that has expired).
async function accessAssertion(req, res) {
  let body = '';
  for await (const chunk of req) body += chunk;
  const { aud, email, expiresIn = 3600 } = JSON.parse(body);
  const now = Math.floor(Date.now() / 1000);
  const part = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${part({ alg: 'RS256', kid: accessKey.kid })}.${part({
    iss: ISSUER, aud: [aud], email, sub: randomUUID(), type: 'app', iat: now, nbf: now, exp: now + expiresIn,
  })}`;
  const signature = createSign('RSA-SHA256').update(input).sign(createPrivateKey({ key: accessKey, format: 'jwk' }));
  res.writeHead(200, { 'content-type': 'text/plain' }).end(`${input}.${signature.toString('base64url')}`);
}

const handleOidc = provider.callback();
// Cloudflare Turnstile, stood in for at the same address (the check past the transfer limits).
const handleTurnstile = turnstileStandIn(STATE_DIR);
const server = http.createServer(async (req, res) => {
  try {
    const path = new URL(req.url, ISSUER).pathname;
    if (req.method === 'GET' && /^\/interaction\/[\w-]+$/.test(path)) return await chooseAccount(req, res);
    if (req.method === 'POST' && /^\/interaction\/[\w-]+\/login$/.test(path)) return await signIn(req, res);
    const creating = /^\/interaction\/([\w-]+)\/create(\/confirm)?$/.exec(path);
    if (creating && req.method === 'GET' && !creating[2]) return await createAccount(req, res, creating[1]);
    if (creating && req.method === 'POST' && !creating[2]) return await confirmEmailStep(req, res, creating[1]);
    if (creating && req.method === 'POST' && creating[2]) return await accountCreated(req, res);
    if (req.method === 'GET' && path === '/') return home(res);
    // Browsers ask for it on every page; the stand-in has none, and says so without an error in their console.
    if (req.method === 'GET' && path === '/favicon.ico') return res.writeHead(204).end();
    if (await handleTurnstile(req, res, path)) return;
    if (req.method === 'POST' && path === '/__stand-in/people') return await addPerson(req, res);
    if (req.method === 'POST' && path === '/__stand-in/access-assertion') return await accessAssertion(req, res);
    if (req.method === 'GET' && path === '/cdn-cgi/access/certs') {
      return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [publicJwk(accessKey)] }));
    }
    if (req.method === 'POST' && path === '/__stand-in/delay') {
      tokenDelayMs = Math.max(0, Number(new URL(req.url, ISSUER).searchParams.get('ms')) || 0);
      return res.writeHead(204).end();
    }
    return handleOidc(req, res);
  } catch (error) {
    res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page('Error', `<h1>login.gov stand-in</h1><p>${escape(error.message)}</p>`));
  }
});

// Clients keep connections open between a test's steps, which may be seconds
// apart: closing them first would race with the next request.
server.keepAliveTimeout = 60_000;
server.headersTimeout = 61_000;
server.listen(PORT, '127.0.0.1', () => console.log(`login.gov stand-in: ${ISSUER}`));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
