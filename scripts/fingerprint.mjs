// Gives the built site's static files content-hashed names, so that they can be
// cached for a year (`immutable`), and rewrites every reference to them. The
// pages (*.html), robots.txt and the images the app's code names stay as they
// are: those are revalidated on every use (functions/src/static_files.rs).
//   APP_IMAGES="img/… img/…" node scripts/fingerprint.mjs DIST_DIR
// APP_IMAGES: the images under assets/ that the app's code names; they keep
// their names (a hashed copy is made if the stylesheet names them too).
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, relative } from 'node:path';

const dist = process.argv[2];
if (!dist) throw new Error('usage: node scripts/fingerprint.mjs DIST_DIR');
const appImages = new Set((process.env.APP_IMAGES ?? '').split(/\s+/).filter(Boolean).map((f) => join(dist, 'assets', f)));

const files = (dir) => readdirSync(dir, { withFileTypes: true })
  .flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
const read = (file) => readFileSync(file, 'utf8');
/** Renames `file` to `name.<hash>.ext` (copies it, if the app names it); returns the new path. */
function fingerprint(file) {
  const hash = createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 16);
  const renamed = join(dirname(file), `${basename(file, extname(file))}.${hash}${extname(file)}`);
  (appImages.has(file) ? copyFileSync : renameSync)(file, renamed);
  return renamed;
}
/** Replaces every quoted `from` in `file` by `to`; a reference that is not there is a broken build. */
function rewrite(file, from, to) {
  let text = read(file);
  const quoted = ['"', "'"].filter((q) => text.includes(`${q}${from}${q}`));
  if (quoted.length === 0) throw new Error(`${file} does not name ${from}`);
  for (const q of quoted) text = text.split(`${q}${from}${q}`).join(`${q}${to}${q}`);
  writeFileSync(file, text);
}
const sitePath = (file) => `/${relative(dist, file)}`;

// The images of the stylesheets (which the pages may preload), then the stylesheets.
const sheets = ['public.css', 'registry.css'].map((name) => join(dist, 'assets', name));
const pages = files(dist).filter((f) => f.endsWith('.html'));
const named = (sheet, inCss) => read(sheet).includes(`url(${inCss})`) || read(sheet).includes(`url("${inCss}")`);
for (const file of files(join(dist, 'assets')).filter((f) => !sheets.includes(f))) {
  const inCss = relative(join(dist, 'assets'), file);
  const namedBy = sheets.filter((sheet) => named(sheet, inCss));
  if (namedBy.length === 0) continue;
  const renamed = fingerprint(file);
  const inCssNow = relative(join(dist, 'assets'), renamed);
  for (const sheet of namedBy) {
    writeFileSync(sheet, read(sheet).split(`url(${inCss})`).join(`url(${inCssNow})`).split(`url("${inCss}")`).join(`url("${inCssNow}")`));
  }
  for (const page of pages) writeFileSync(page, read(page).split(`"${sitePath(file)}"`).join(`"${sitePath(renamed)}"`));
}
const hashedSheets = sheets.map((sheet) => [sitePath(sheet), sitePath(fingerprint(sheet))]);

// Each bundle's wasm, then its JS glue, then boot.js that loads them.
const boot = join(dist, 'boot.js');
for (const glue of ['public', 'help', 'transfer', 'staff'].map((bundle) => join(dist, 'pkg', `${bundle}.js`))) {
  const wasm = glue.replace(/\.js$/, '_bg.wasm');
  rewrite(glue, basename(wasm), basename(fingerprint(wasm)));
  rewrite(boot, sitePath(glue), sitePath(fingerprint(glue)));
}
const hashedBoot = sitePath(fingerprint(boot));

for (const page of pages) {
  const [sheet, hashed] = hashedSheets.find(([path]) => read(page).includes(`"${path}"`)) ?? [];
  if (!sheet) throw new Error(`${page} links no stylesheet`);
  rewrite(page, sheet, hashed);
  rewrite(page, '/boot.js', hashedBoot);
}
console.log(`fingerprinted: ${hashedSheets.map(([, h]) => h).join(', ')}, ${hashedBoot} and what they load`);
