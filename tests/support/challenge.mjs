// The check past a transfer limit (Cloudflare Turnstile), as the local stand-in gives it.
import { ISSUER } from './sign-in.mjs';

/** The header that carries the check's answer (domain::challenge::ANSWER_HEADER). */
export const ANSWER_HEADER = 'x-challenge-answer';

/** What the worker sends a page to draw the check with (wrangler.toml's local site key; scripts/lib.sh's script). */
export const LOCAL_CHALLENGE = { site_key: 'local-stand-in', script: `${ISSUER}/turnstile/v0/api.js?render=explicit`, action: 'transfer' };

/**
 * The answer a person gets for ticking the stand-in's box on a page of `hostname`
 * (the registry's, by default) in the widget of `action`: it passes once, within 300 s.
 */
export async function passedCheck({ hostname = '127.0.0.1', action = 'transfer' } = {}) {
  const response = await fetch(`${ISSUER}/turnstile/v0/answer`, { method: 'POST', body: JSON.stringify({ hostname, action }) });
  return response.text();
}
