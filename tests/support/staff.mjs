// Staff members over HTTP: one of a role, on the staff list and signed in
// with their card, and the help desk's requests with their CSRF token.
import assert from 'node:assert/strict';

import { staffCommand } from './d1.mjs';
import { freshEmail } from './registry.mjs';
import { APP, browser, loginGovPerson, staffSignIn } from './sign-in.mjs';

/** A staff member of `role` on the staff list, with a card, signed in: their browser and CSRF token. */
export async function staffMember(role, name = `Staff ${role}`) {
  const email = freshEmail(`staff.${role}`);
  staffCommand('add', email, role);
  const person = await loginGovPerson(name, [email], { piv: true });
  const b = browser();
  assert.equal((await staffSignIn(b, person)).pathname, '/staff');
  const { csrf_token: csrf } = await (await b.go(`${APP}/api/staff/session`)).json();
  return { b, csrf, email, person };
}

/** A staff request that changes something: JSON, from the registry's origin, with the member's CSRF token. */
export const staffPost = (member, path, body) => member.b.go(`${APP}${path}`, {
  method: 'POST', headers: { origin: APP, 'content-type': 'application/json', 'x-csrf-token': member.csrf }, body: JSON.stringify(body),
});
