// CPU time of the worker's processes, read from /proc: inside the isolate
// the clock does not move while a request computes, so the work a request
// costs is measured from outside, as the operating system counts it.
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** The workerd processes of the process group `group` (the worker's wrangler dev, started with setsid). */
function workerdOf(group) {
  return readdirSync('/proc').filter((pid) => /^\d+$/.test(pid)).filter((pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return stat.includes('(workerd)') && fields[2] === String(group);
    } catch { return false; } // gone meanwhile
  });
}

/** Milliseconds of CPU (user + system) the worker's workerd processes have used so far. */
export function workerCpuMs(group = process.env.WORKER_GROUP) {
  if (!group) throw new Error('WORKER_GROUP is not set: the process group of the worker (scripts/bench-sign-in sets it)');
  let ticks = 0;
  for (const pid of workerdOf(group)) {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}

/**
 * Runs `send` `times` times, one after another; the worker's CPU per call in
 * ms, and how many calls did not end as `expected` (`send` resolves to what
 * the call ended in: a status, a path).
 */
export async function cpuPerCall(send, times, expected) {
  const before = workerCpuMs();
  let failures = 0;
  for (let i = 0; i < times; i += 1) {
    if (await send(i).catch(() => 'an error') !== expected) failures += 1;
  }
  return { ms: (workerCpuMs() - before) / times, failures };
}
