// The help pages follow the public notices (shared/seeds): each page, as the
// worker serves it (the HTML made at build time), holds the notices' sentences
// listed here, word for word (quotes and spaces aside). A sentence the registry
// changed on purpose is left out of the list, with the reason beside the list.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { APP } from '../support/sign-in.mjs';

/** The page's text: no tags, straight quotes, single spaces. */
async function textOf(path) {
  const response = await fetch(`${APP}${path}`);
  assert.equal(response.status, 200, path);
  const html = await response.text();
  return normalize(html.replace(/<script[\s\S]*?<\/script>/g, ' ').replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&'));
}

function normalize(text) {
  return text.replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, ' ');
}

// "National Registry System Login" (002). Changed on purpose: step k (the
// registry now brings the person back signed in, after "Is this your National
// Registry account?"), and "Sign In … enter your email and password" (now
// Sign in, then Log in).
const HOW_TO_SIGN_IN = [
  'Details on how to proceed have been sent to the email address on file, if it exists.',
  'Your email address has been migrated to use login.gov.',
  'select the Create Account link to register your account',
  'Your email address was duplicated in our system.',
  'update your profile with a new unique email address',
  'an email was sent so you can confirm your email address',
  'open the email from login.gov and select "Confirm" your email address',
  'Create a password and select "Continue"',
  'by text message or phone call',
  'enter it on the screen that says "Enter Your Security Code"',
  'If you will always be using the same computer to access your account, select the box that states "remember for 30 days" so you don\'t have to get a new security code each time you log in.',
  'It will be necessary if there is ever a need to recover your account, so please save the key.',
  'Enter your personal key and select "Continue".',
  'The screen displays your account information.',
  'Review your National Registry account to make sure all your information is accurate.',
  'Sign in, then select Log in on the next page.',
  'Select Sign in and enter your login.gov email address and password.',
  'If you have any questions about this process or need assistance, contact the FMCSA Help Desk at fmctechsup@dot.gov or 617.494.3003',
];

// "What is login.gov and why do I have to create an account?" (000).
const WHAT_IS_LOGIN_GOV = [
  'With a login.gov account, you can sign into multiple government websites with the same email address and password.',
  'Nothing will happen to the information stored in your National Registry account.',
  'Once you create a login.gov account, the system will link it to your National Registry account.',
  'You must use your primary or secondary National Registry account email address to create your login.gov account.',
  'When you use the same email that you use for your National Registry account, the system will automatically link your National Registry account to your login.gov account.',
  'If you use a different email address when creating a login.gov account, the system will not be able to automatically link your accounts.',
  'We recommend that you do not use a .gov, .mil, or .edu email address.',
  'If you currently use a .gov, .mil, or .edu email address for your National Registry account, you should change it AFTER you have created your login.gov account.',
  'No, each person must have their own login.gov account.',
];

for (const [path, sentences] of [['/help/how-to-sign-in', HOW_TO_SIGN_IN], ['/help/login-gov', WHAT_IS_LOGIN_GOV]]) {
  test(`${path} holds the notice's sentences`, async () => {
    const text = await textOf(path);
    const missing = sentences.map(normalize).filter((sentence) => !text.includes(sentence));
    assert.deepEqual(missing, []);
  });
}

test('the step by step shows the registry\'s own screens: each picture is served, small, described and loaded lazily', async () => {
  const html = await (await fetch(`${APP}/help/how-to-sign-in`)).text();
  const pictures = [...html.matchAll(/<img [^>]*src="(\/screens\/[^"]+\.jpg)"[^>]*>/g)];
  assert.equal(pictures.length, 6);
  for (const [tag, src] of pictures) {
    assert.match(tag, /alt="[^"]{20,}"/, src);
    assert.match(tag, /loading="lazy"/, src);
    const response = await fetch(`${APP}${src}`);
    assert.equal(response.status, 200, src);
    assert.equal(response.headers.get('content-type'), 'image/jpeg', src);
    assert.ok((await response.arrayBuffer()).byteLength < 60 * 1024, `${src} is small`);
  }
});
