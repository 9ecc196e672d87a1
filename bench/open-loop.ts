/**
 * Open-loop load at a fixed offered rate: request i is sent at t0 + i/rate whatever the answers
 * before it did, and its latency is measured from that scheduled time — so a gateway that falls
 * behind shows its queueing in the latency instead of quietly lowering the rate (what a
 * closed-loop tool does). autocannon's `overallRate` is not used: it sends each second's budget in
 * a burst at the start of the second, and its coordinated-omission correction adds a synthetic
 * sample per millisecond of delay. Answers are checked like the closed-loop runs'.
 */
import { readFileSync } from 'node:fs';
import { Pool } from 'undici';
import type { Scenario } from './scenarios';
import { canonicalAnswer } from './verify';

export interface OpenLoopResult {
  scenario: string;
  offeredPerSecond: number;
  sent: number;
  completedPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  failed: number;
  /** Resident memory of the gateway process after the run. */
  gatewayRssMb: number | null;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

export function rssMb(pid: number): number | null {
  try {
    const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

export async function openLoop(scenario: Scenario, expected: Map<number, string>, rate: number, durationSeconds: number): Promise<OpenLoopResult> {
  const url = new URL(scenario.url);
  // Enough connections that the client never queues: at most rate × (a slow answer's seconds).
  const pool = new Pool(url.origin, { connections: Math.max(64, rate), pipelining: 1 });
  const total = Math.round(rate * durationSeconds);
  const latencies: number[] = [];
  let failed = 0;
  const inFlight: Promise<void>[] = [];
  const start = performance.now() + 50;
  const one = async (scheduled: number) => {
    const account = scenario.nextAccount();
    try {
      const res = await pool.request({ path: url.pathname, method: 'POST', headers: scenario.headersFor(account), body: scenario.body });
      const body = await res.body.text();
      latencies.push(performance.now() - scheduled);
      if (res.statusCode !== 200 || canonicalAnswer(body) !== expected.get(account.n)) failed++;
    } catch {
      latencies.push(performance.now() - scheduled);
      failed++;
    }
  };
  for (let i = 0; i < total; i++) {
    const scheduled = start + (i * 1000) / rate;
    const wait = scheduled - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(one(scheduled));
  }
  await Promise.all(inFlight);
  const elapsedSeconds = (performance.now() - start) / 1000;
  await pool.close();
  const sorted = latencies.sort((a, b) => a - b);
  return {
    scenario: scenario.key, offeredPerSecond: rate, sent: total, completedPerSecond: total / elapsedSeconds,
    p50Ms: quantile(sorted, 0.5), p95Ms: quantile(sorted, 0.95), p99Ms: quantile(sorted, 0.99), maxMs: sorted.at(-1) ?? NaN,
    failed, gatewayRssMb: rssMb(scenario.pid),
  };
}
