// Keys for local runs only, made on first use and kept under .dev/ (git-ignored):
// the stand-in's signing key, and the registry's client key for private_key_jwt.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

function rsaJwk() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' };
}

/** The private JWK stored at `path`, made first if there is none. */
export function ensurePrivateJwk(path) {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, JSON.stringify(rsaJwk()), { mode: 0o600 });
  }
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** The public half of an RSA private JWK. */
export function publicJwk({ kty, n, e, kid, alg, use }) {
  return { kty, n, e, kid, alg, use };
}
