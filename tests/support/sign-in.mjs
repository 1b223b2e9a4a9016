// Signing in over HTTP as a browser would: a cookie jar across the registry
// and the login.gov stand-in, following redirects one by one. Each test makes
// login.gov identities of its own on the stand-in, so tests do not share them.
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';

import { kv } from './d1.mjs';

export const APP = process.env.APP_ORIGIN ?? 'http://127.0.0.1:8787';
export const ISSUER = process.env.LOGIN_GOV_ISSUER ?? 'http://127.0.0.1:9400';
export const SESSION_COOKIE = '__Host-registry-session';
export const SIGN_IN_COOKIE = '__Host-registry-sign-in';
export const STAFF_COOKIE = '__Host-registry-staff';
/** The one cookie the pages read: "a session was started here", nothing more. */
export const SIGNED_IN_COOKIE = '__Host-registry-signed-in';

/**
 * A new login.gov identity on the stand-in, with these emails (and a PIV or CAC
 * card, if `piv`; and `verified`, `{ given_name, family_name, birthdate }`, the
 * identity login.gov verifies when asked to).
 */
export async function loginGovPerson(name, emails, { piv = false, verified = undefined } = {}) {
  const person = { sub: randomUUID(), name, emails, piv, verified };
  const response = await fetch(`${ISSUER}/__stand-in/people`, { method: 'POST', body: JSON.stringify(person) });
  assert.equal(response.status, 201);
  return person;
}

/** A browser: cookies per origin, and every Set-Cookie line kept for the tests to read. */
export function browser() {
  const jars = new Map();
  const setCookies = [];
  const jar = (url) => {
    const origin = new URL(url).origin;
    if (!jars.has(origin)) jars.set(origin, new Map());
    return jars.get(origin);
  };
  async function go(url, init = {}) {
    const cookies = jar(url);
    const headers = { ...init.headers, cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      setCookies.push(line);
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      if (/max-age=0/i.test(line)) cookies.delete(pair.slice(0, at));
      else cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return response;
  }
  return {
    go,
    setCookies,
    cookie: (origin, name) => jar(origin).get(name),
    setCookie: (origin, name, value) => jar(origin).set(name, value),
    /** Forgets every cookie of `origin` (a person who signed out of it elsewhere). */
    forget: (origin) => jars.delete(new URL(origin).origin),
  };
}

/** Follows redirects from `response` until `stop(url)` says so, or a page that is not a redirect. */
export async function follow(b, response, from, stop = () => false) {
  let url = from;
  for (let hops = 0; hops < 12 && response.status >= 300 && response.status < 400; hops += 1) {
    url = new URL(response.headers.get('location'), url).href;
    if (stop(url)) return { url, response };
    response = await b.go(url);
  }
  return { url, response };
}

/**
 * Starts at /auth/login of `app` and signs in at the stand-in as `person`;
 * stops just before the registry's `callback` (a preview's sign-in comes back
 * to staging's relay) and returns its URL (the test decides what to do with it).
 */
export async function reachCallback(b, person, path = '/auth/login', app = APP, callback = `${app}/auth/callback`) {
  const start = `${app}${path}`;
  const first = await b.go(start);
  assert.equal(first.status, 303, 'the registry sends the person to login.gov');
  return atLoginGov(b, person, new URL(first.headers.get('location'), start).href, callback);
}

/** From login.gov's authorization URL, signed in at the stand-in as `person`, to the registry's `callback` URL. */
export async function atLoginGov(b, person, authorizeUrl, callback = `${APP}/auth/callback`) {
  const first = await b.go(authorizeUrl);
  const { url: interaction, response: picker } = await follow(b, first, authorizeUrl, (url) => url.includes('/interaction/'));
  assert.ok(interaction.includes('/interaction/'), `login.gov's account choice, not ${picker.status}`);
  await b.go(interaction);
  const chosen = await b.go(`${interaction}/login`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `sub=${person.sub}`,
  });
  const { url } = await follow(b, chosen, interaction, (next) => next.startsWith(`${callback}?`));
  assert.ok(url.startsWith(`${callback}?`), `back at the registry's callback, not ${url}`);
  return url;
}

/**
 * A whole sign-in; returns where the registry sent the person after the
 * callback — past a first sign-in's "Is this your National Registry
 * account?", answered yes, and login.gov's identity verification when it is asked.
 */
export async function signIn(b, person, path = '/auth/login', app = APP) {
  const callback = await reachCallback(b, person, path, app);
  const answer = await b.go(callback);
  assert.equal(answer.status, 303);
  const next = new URL(answer.headers.get('location'), app);
  if (next.pathname !== '/sign-in/confirm') return next;
  const response = await answerLink(b, { mine: true }, app);
  assert.equal(response.status, 200, `the link is confirmed, not ${response.status}`);
  const { location } = await response.json();
  if (!location.startsWith(ISSUER)) return new URL(location, app);
  return verifyIdentity(b, person, location, app);
}

/** login.gov verifies `person`'s identity (from its authorization URL); where the registry's callback sends them. */
export async function verifyIdentity(b, person, authorizeUrl, app = APP) {
  const back = await b.go(await atLoginGov(b, person, authorizeUrl, `${app}/auth/callback`));
  assert.equal(back.status, 303);
  return new URL(back.headers.get('location'), app);
}

/** A first sign-in's question, as the confirmation page reads it. */
export async function linkQuestion(b, app = APP) {
  return b.go(`${app}/api/sign-in/link`);
}

/** Answers the question as the confirmation page does (its Origin and the question's CSRF token). */
export async function answerLink(b, answer, app = APP, csrfToken = undefined) {
  const token = csrfToken ?? (await (await linkQuestion(b, app)).json()).csrf_token;
  return b.go(`${app}/api/sign-in/link`, {
    method: 'POST',
    headers: { origin: app, 'content-type': 'application/json', 'x-csrf-token': token },
    body: JSON.stringify(answer),
  });
}

/** A staff sign-in (`/auth/staff/login`) as `person`; where the registry sent them after the callback. */
export async function staffSignIn(b, person) {
  const callback = await reachCallback(b, person, '/auth/staff/login');
  const answer = await b.go(callback);
  assert.equal(answer.status, 303);
  return new URL(answer.headers.get('location'), APP);
}

/** The session KV keeps under this cookie, and a way to change it (to age it); `kind` is its keys' prefix. */
export function storedSession(id, kind = 'session') {
  const key = `${kind}:${createHash('sha256').update(id).digest('hex')}`;
  return {
    key,
    get: () => JSON.parse(kv(['get', key, '--text'])),
    put: (session) => kv(['put', key, JSON.stringify(session)]),
  };
}

/** A request of the registry's own pages: its Origin, and the session's CSRF token. */
export function fromTheRegistry(csrfToken, more = {}) {
  return { origin: APP, 'x-csrf-token': csrfToken, ...more };
}
