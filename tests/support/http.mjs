// Loaded before every test file (scripts/test: node --import): every request of
// the tests' global fetch goes on a connection of its own.
//
// Why: the tests query and seed D1 through wrangler subprocesses run with
// execFileSync, which blocks this process's event loop for seconds. A local
// server closes a keep-alive connection that has been idle for a while; the
// close arrives while the loop is blocked, so neither the client's own idle
// timer nor the FIN is processed, and the next request goes out on the dead
// socket ("SocketError: other side closed"). No timeout can win that race;
// not reusing connections ends it (pipelining 0: `connection: close`).
// On loopback a new connection costs well under a millisecond. Chromium, the
// other client of the tests, retries a request that failed on a reused
// connection by itself.
import { Agent, setGlobalDispatcher } from 'undici';

setGlobalDispatcher(new Agent({ pipelining: 0 }));
