// Loads the app's WebAssembly; the Content-Security-Policy allows no inline script.
import init from "/pkg/app.js";
init();
