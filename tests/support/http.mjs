// Loaded before every test file (scripts/test: node --import). The tests pause
// between requests for seconds (wrangler subprocesses that seed and query D1),
// and a local server may close an idle keep-alive connection just as the next
// request reuses it ("other side closed"). Idle connections are dropped by the
// client after one second instead, well before any server's timeout.
import { Agent, setGlobalDispatcher } from 'undici';

setGlobalDispatcher(new Agent({ keepAliveTimeout: 1000, keepAliveMaxTimeout: 1000 }));
