// Loads the app's bundle for this address (the rule of `Part::of` in
// app/src/lib.rs): the transfer pages, the staff's, the help pages, or the public ones. A module file,
// because the Content-Security-Policy allows no inline script. The bundles'
// addresses are written out whole: the build gives them content-hashed names.
const transfer = /^\/(transfer|dev|account|sign-in\/problem|sign-in\/confirm|signed-out|work-for)(\/|$)/.test(location.pathname);
const staff = /^\/(staff)(\/|$)/.test(location.pathname);
const help = /^\/(help)(\/|$)/.test(location.pathname);
// A page made at build time is painted first, and only then is the bundle
// fetched, so that it does not compete with what the person reads (a task
// after the next frame; at most 200 ms, as a hidden tab draws no frames).
if (document.querySelector("main")) {
  await new Promise((painted) => {
    requestAnimationFrame(() => setTimeout(painted, 0));
    setTimeout(painted, 200);
  });
}
const { default: init } = await import(
  staff ? "/pkg/staff.js" : transfer ? "/pkg/transfer.js" : help ? "/pkg/help.js" : "/pkg/public.js"
);
await init();
