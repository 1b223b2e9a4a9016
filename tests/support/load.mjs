// A bounded load for the benchmarks: `requests` calls, `concurrency` at a
// time, stopping after `maxSeconds` in any case. Prints one row per case.
// Never fails on figures, but a failed request is not a figure: the case is
// reported as failed and the benchmark exits non-zero.
import { performance } from 'node:perf_hooks';

export const HEADER = `${'case'.padEnd(40)} ${'done'.padStart(6)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'failed'.padStart(8)}`;

/** Says that a benchmark's requests failed, and makes it exit non-zero: its figures measure something else. */
export function failed(what) {
  console.log(`FAILED: ${what}`);
  process.exitCode = 1;
}

/** `send()` resolves to a status code once its answer is read; 300 and above count as failed. */
export async function load(name, send, options) {
  const [result] = await interleaved([[name, send]], options);
  return result;
}

/**
 * The cases' requests taken in turn (one of the first, one of the second, …)
 * within one load, so that each meets the same conditions — the same queue
 * backlog, the same warm caches — and their figures can be compared.
 * `cases` is a list of `[name, send]`; `requests` counts every case's.
 */
export async function interleaved(cases, { requests, concurrency, maxSeconds = 60 }) {
  const latencies = cases.map(() => []);
  const failures = cases.map(() => 0);
  let next = 0;
  const start = performance.now();
  const deadline = start + maxSeconds * 1000;
  async function worker() {
    while (next < requests && performance.now() < deadline) {
      const which = next % cases.length;
      next += 1;
      const t0 = performance.now();
      const status = await cases[which][1]().catch(() => 599);
      latencies[which].push(performance.now() - t0);
      if (status >= 300) failures[which] += 1;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - start) / 1000;
  return cases.map(([name], i) => {
    const sorted = latencies[i].sort((a, b) => a - b);
    const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    const result = { name, requests: sorted.length, failures: failures[i], perSecond: sorted.length / seconds, p50: at(0.5), p99: at(0.99) };
    console.log(`${name.padEnd(40)} ${String(result.requests).padStart(6)} ${result.perSecond.toFixed(0).padStart(8)} ${result.p50.toFixed(2).padStart(8)} ${result.p99.toFixed(2).padStart(8)} ${String(result.failures).padStart(8)}`);
    if (result.failures > 0) failed(`${result.failures} of ${result.requests} requests of "${name}" failed`);
    return result;
  });
}
