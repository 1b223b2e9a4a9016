// Loads the app's bundle for this address (the rule of `Part::of` in
// app/src/lib.rs): the transfer pages, or the public ones. A module file,
// because the Content-Security-Policy allows no inline script.
const part = /^\/(transfer|dev|account|sign-in\/problem|signed-out)(\/|$)/.test(location.pathname) ? "transfer" : "public";
const { default: init } = await import(`/pkg/${part}.js`);
await init();
