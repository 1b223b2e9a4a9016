// A local stand-in for Cloudflare Turnstile, for development and tests only
// (there is no internet here): the check the registry shows past a limit.
// It keeps Turnstile's shape where the registry can tell:
// - GET  /turnstile/v0/api.js: the script a page loads; `turnstile.render(container,
//   { sitekey, action, callback, 'expired-callback' })` draws the widget in a
//   frame of this origin (so the page's policy must allow its script and frame);
// - GET  /turnstile/v0/widget: that frame, a checkbox "Verify you are human";
//   ticking it makes an answer and hands it to the page (postMessage);
// - POST /turnstile/v0/siteverify: `{ secret, response, remoteip }` (JSON or a
//   form) → `{ success, error-codes, challenge_ts, hostname, action }`: the page's
//   hostname and the widget's action, as Turnstile signs them into an answer. An
//   answer passes once, within 300 s, with the secret the worker was given.
// - POST /turnstile/v0/answer (`{ hostname, action }`): an answer, as ticking the box gives one.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const VALID_SECONDS = 300;

async function text(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
}

/** @param {string} stateDir where scripts/lib.sh keeps the secret key it gives the worker too */
export function turnstileStandIn(stateDir) {
  const secret = () => readFileSync(join(stateDir, 'turnstile-secret'), 'utf8').trim();
  /** answer → { issued (ms), spent, hostname, action } */
  const answers = new Map();

  const script = `// The local stand-in for Cloudflare Turnstile's api.js.
(() => {
  const origin = new URL(document.currentScript.src).origin;
  const widgets = new Map();
  let last = 0;
  window.addEventListener('message', (event) => {
    const said = event.data && event.data.standInTurnstile;
    if (event.origin !== origin || !said) return;
    const options = widgets.get(said.widget);
    if (!options) return;
    if (said.answer) options.callback?.(said.answer);
    else options['expired-callback']?.();
  });
  window.turnstile = {
    render(container, options) {
      const element = typeof container === 'string' ? document.querySelector(container) : container;
      const widget = String(last += 1);
      const frame = document.createElement('iframe');
      const made = { widget, sitekey: options.sitekey ?? '', hostname: location.hostname, action: options.action ?? '' };
      frame.src = origin + '/turnstile/v0/widget?' + new URLSearchParams(made);
      frame.title = 'Widget containing a check that you are a person';
      frame.width = '300';
      frame.height = '65';
      frame.style.border = '0';
      element.replaceChildren(frame);
      widgets.set(widget, options);
      return widget;
    },
    remove(widget) { widgets.delete(String(widget)); },
  };
})();
`;

  const widget = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Turnstile stand-in</title></head>
<body style="font: 16px sans-serif; margin: 0">
<main style="padding: 8px; border: 1px solid #767676">
  <input type="checkbox" id="human"> <label for="human">Verify you are human</label>
  <span id="status" role="status"></span>
</main>
<script>
  const made = new URLSearchParams(location.search);
  const widget = made.get('widget');
  const box = document.getElementById('human');
  box.addEventListener('change', async () => {
    if (!box.checked) return;
    box.disabled = true;
    const body = JSON.stringify({ hostname: made.get('hostname'), action: made.get('action') });
    const answer = await (await fetch('/turnstile/v0/answer', { method: 'POST', body })).text();
    document.getElementById('status').textContent = 'Success!';
    parent.postMessage({ standInTurnstile: { widget, answer } }, '*');
    // As Turnstile's does, an answer left unused expires, and the widget says so.
    setTimeout(() => parent.postMessage({ standInTurnstile: { widget } }, '*'), ${VALID_SECONDS * 1000});
  });
</script></body></html>`;

  function verdict(body) {
    const now = Date.now();
    const answer = answers.get(body.response);
    if (body.secret !== secret()) return { success: false, 'error-codes': ['invalid-input-secret'] };
    if (!answer) return { success: false, 'error-codes': ['invalid-input-response'] };
    if (answer.spent || now - answer.issued > VALID_SECONDS * 1000) {
      return { success: false, 'error-codes': ['timeout-or-duplicate'] };
    }
    answer.spent = true;
    const { hostname, action } = answer;
    return { success: true, 'error-codes': [], challenge_ts: new Date(answer.issued).toISOString(), hostname, action };
  }

  /** Answers the request if it is Turnstile's; false if it is not. */
  return async function handle(req, res, path) {
    if (req.method === 'GET' && path === '/turnstile/v0/api.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(script);
    } else if (req.method === 'GET' && path === '/turnstile/v0/widget') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(widget);
    } else if (req.method === 'POST' && path === '/turnstile/v0/answer') {
      const { hostname = '', action = '' } = JSON.parse((await text(req)) || '{}');
      const answer = `0.stand-in.${randomBytes(24).toString('base64url')}`;
      answers.set(answer, { issued: Date.now(), spent: false, hostname, action });
      res.writeHead(200, { 'content-type': 'text/plain' }).end(answer);
    } else if (req.method === 'POST' && path === '/turnstile/v0/siteverify') {
      const sent = await text(req);
      const json = String(req.headers['content-type'] ?? '').startsWith('application/json');
      const body = json ? JSON.parse(sent) : Object.fromEntries(new URLSearchParams(sent));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(verdict(body)));
    } else {
      return false;
    }
    return true;
  };
}
