// A bounded load for the benchmarks: `requests` calls of `send`, `concurrency`
// at a time, stopping after `maxSeconds` in any case. Prints one row; never fails on figures.
import { performance } from 'node:perf_hooks';

export const HEADER = `${'case'.padEnd(34)} ${'done'.padStart(6)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'failed'.padStart(8)}`;

/** `send()` resolves to a status code once its answer is read; 300 and above count as failed. */
export async function load(name, send, { requests, concurrency, maxSeconds = 60 }) {
  const latencies = [];
  let failures = 0;
  let next = 0;
  const start = performance.now();
  const deadline = start + maxSeconds * 1000;
  async function worker() {
    while (next < requests && performance.now() < deadline) {
      next += 1;
      const t0 = performance.now();
      const status = await send().catch(() => 599);
      latencies.push(performance.now() - t0);
      if (status >= 300) failures += 1;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  const result = { name, requests: latencies.length, failures, perSecond: latencies.length / seconds, p50: at(0.5), p99: at(0.99) };
  console.log(`${name.padEnd(34)} ${String(result.requests).padStart(6)} ${result.perSecond.toFixed(0).padStart(8)} ${result.p50.toFixed(2).padStart(8)} ${result.p99.toFixed(2).padStart(8)} ${String(failures).padStart(8)}`);
  return result;
}
