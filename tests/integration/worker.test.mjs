// The real worker on wrangler dev, with its local D1 and KV, over HTTP.
import assert from 'node:assert/strict';
import { test } from 'node:test';

const APP = process.env.APP_ORIGIN ?? 'http://127.0.0.1:8787';
const get = (path, init) => fetch(`${APP}${path}`, { redirect: 'manual', ...init });

test("health answers with the build version and that D1, KV and the staff API's worker respond", async () => {
  const response = await get('/api/health');
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type'), /^application\/json/);
  const health = await response.json();
  assert.match(health.version, /^\d+\.\d+\.\d+\+\w+$/);
  assert.equal(health.d1, 'ok');
  assert.equal(health.kv, 'ok');
  assert.equal(health.staff_api, 'ok');
});

const SECURITY_HEADERS = {
  'strict-transport-security': /max-age=\d{8,}; includeSubDomains/,
  'x-content-type-options': /^nosniff$/,
  'referrer-policy': /^strict-origin-when-cross-origin$/,
  'permissions-policy': /camera=\(\)/,
  'x-frame-options': /^DENY$/,
  'content-security-policy': /frame-ancestors 'none'/,
};

for (const path of ['/', '/help/login-gov', '/no/such/page', '/boot.js', '/pkg/public_bg.wasm', '/assets/registry.css', '/api/health', '/api/no-such-thing']) {
  test(`${path} carries every security header`, async () => {
    const response = await get(path);
    for (const [name, expected] of Object.entries(SECURITY_HEADERS)) {
      assert.match(response.headers.get(name) ?? '(missing)', expected, `${name} on ${path}`);
    }
  });
}

test('a page may run the app, its wasm and the check\'s script (Turnstile\'s stand-in here), frame the check only, and run no inline script', async () => {
  const policy = (await get('/')).headers.get('content-security-policy');
  const directive = (name) => policy.split(';').map((d) => d.trim()).find((d) => d.startsWith(`${name} `));
  const check = new URL(process.env.LOGIN_GOV_ISSUER ?? 'http://127.0.0.1:9400').origin;
  assert.equal(directive('script-src'), `script-src 'self' 'wasm-unsafe-eval' ${check}`);
  assert.equal(directive('frame-src'), `frame-src ${check}`);
  assert.doesNotMatch(policy, /unsafe-inline/);
});

test('JSON from the API may load nothing', async () => {
  const policy = (await get('/api/health')).headers.get('content-security-policy');
  assert.match(policy, /^default-src 'none'/);
  assert.doesNotMatch(policy, /wasm-unsafe-eval/);
});

test('any page address is answered with the app: the public pages made at build time, the rest by its router', async () => {
  for (const [path, h1] of [['/', 'National Registry of Certified Medical Examiners'], ['/help/how-to-sign-in', 'How to sign in'], ['/transfer', 'Transfer or Create Account'], ['/no/such/page', null], ['/account', null]]) {
    const response = await get(path, { headers: { accept: 'text/html', 'sec-fetch-mode': 'navigate' } });
    assert.equal(response.status, 200, path);
    assert.match(response.headers.get('content-type'), /^text\/html/);
    assert.equal(response.headers.get('cache-control'), 'no-cache', `${path}: a new build is seen at once`);
    const html = await response.text();
    assert.match(html, /<script type="module" src="\/boot\.[0-9a-f]{16}\.js"><\/script>/, path);
    if (h1) assert.match(html, new RegExp(`<h1 tabindex="-1">${h1}</h1>`), path);
    else assert.doesNotMatch(html, /<h1/, `${path} is drawn by the app`);
  }
});

test('robots.txt lets the public pages be indexed, not the API or personal links', async () => {
  const response = await get('/robots.txt');
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type'), /^text\/plain/);
  const robots = await response.text();
  for (const line of ['User-agent: *', 'Disallow: /api/', 'Disallow: /transfer/fix/', 'Allow: /']) assert.ok(robots.includes(line), line);
});

test('an unknown API path is a JSON 404, never the app', async () => {
  for (const path of ['/api', '/api/no-such-thing', '/api/health/extra']) {
    const response = await get(path, { headers: { accept: 'text/html', 'sec-fetch-mode': 'navigate' } });
    assert.equal(response.status, 404, path);
    assert.match(response.headers.get('content-type'), /^application\/json/);
    assert.deepEqual(await response.json(), { error: 'not_found', message: 'There is nothing at this address.' });
  }
});

test('a method an API path does not take is a JSON 405 that says the methods it takes', async () => {
  const response = await get('/api/health', { method: 'POST', body: '{}' });
  assert.equal(response.status, 405);
  assert.equal(response.headers.get('allow'), 'GET, HEAD');
  assert.equal((await response.json()).error, 'method_not_allowed');
  const link = await get(`/api/transfer/fix/${'ab'.repeat(32)}`, { method: 'PUT' });
  assert.equal(link.status, 405);
  assert.equal(link.headers.get('allow'), 'GET, POST, DELETE');
  // A path named exactly is no value of the route beside it: not a grant whose id is "session".
  const session = await get('/api/work-for/session');
  assert.equal(session.status, 405);
  assert.equal(session.headers.get('allow'), 'POST');
});

test('the app files have content-hashed names, are served with their types and kept a year', async () => {
  const named = async (path, pattern) => (await (await get(path)).text()).match(pattern)?.[0];
  const boot = await named('/', /\/boot\.[0-9a-f]{16}\.js/);
  const css = await named('/', /\/assets\/public\.[0-9a-f]{16}\.css/);
  const glue = await named(boot, /\/pkg\/public\.[0-9a-f]{16}\.js/);
  const wasm = `/pkg/${await named(glue, /public_bg\.[0-9a-f]{16}\.wasm/)}`;
  for (const [path, type] of [[boot, /javascript/], [css, /^text\/css/], [glue, /javascript/], [wasm, /^application\/wasm/]]) {
    const response = await get(path);
    assert.equal(response.status, 200, path);
    assert.match(response.headers.get('content-type'), type, path);
    assert.equal(response.headers.get('cache-control'), 'public, max-age=31536000, immutable', path);
  }
});

test('a file that does not exist is a 404, not the app', async () => {
  for (const path of ['/pkg/public_bg.0000000000000000.wasm', '/assets/no-such.css']) {
    assert.equal((await get(path)).status, 404, path);
  }
});

test("a state-changing request from another site's page is refused before it is read, whatever the path", async () => {
  const evil = { origin: 'https://evil.example', 'content-type': 'application/json' };
  for (const path of ['/api/transfer', `/api/transfer/fix/${'0'.repeat(64)}`, `/api/account/email/confirm/${'0'.repeat(64)}`, '/auth/logout']) {
    const response = await get(path, { method: 'POST', headers: evil, body: '{}' });
    assert.equal(response.status, 403, path);
    assert.equal((await response.json()).error, 'forbidden');
  }
  const own = await get('/api/transfer', { method: 'POST', headers: { ...evil, origin: APP }, body: '{}' });
  assert.equal(own.status, 400, "the registry's own pages get as far as the form's checks");
});

test('pages may post forms to the registry, and on to login.gov only', async () => {
  const policy = (await get('/')).headers.get('content-security-policy');
  const issuer = new URL(process.env.LOGIN_GOV_ISSUER ?? 'http://127.0.0.1:9400').origin;
  assert.match(policy, new RegExp(`form-action 'self' ${issuer.replace(/[.:/]/g, '\\$&')};`));
});
