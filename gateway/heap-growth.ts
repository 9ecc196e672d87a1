/**
 * How far V8 lets the gateway's heap grow past what is live before it collects. Left to itself V8
 * grew the old space to 3–4× the live heap under load (about 40 MB live, 136 MB used): 290 MB
 * resident after a Bootstrap run. At 1.5× the gateway stayed at about 170 MB in the same run, with
 * no CPU cost the benchmark could tell from noise, but a longer tail (p99 at 200 req/s 24–34 →
 * 54–72 ms: more frequent full collections; docs/BENCHMARKS.md). 0 gives V8 its own choice back,
 * for a deployment where the tail matters more than memory. Set at start through
 * v8.setFlagsFromString: NODE_OPTIONS does not take this V8 flag, and the container runs
 * `node dist/gateway/main.js` without V8 arguments.
 */
import { setFlagsFromString } from 'node:v8';
import { envInt } from '../common/env';

export const DEFAULT_HEAP_GROWTH_PERCENT = 50;
const MAX_HEAP_GROWTH_PERCENT = 1000;

/** Pure: the setting from the environment; 0 leaves V8's own heuristics. */
export function heapGrowthPercentFrom(env: NodeJS.ProcessEnv): number {
  const percent = envInt('GATEWAY_HEAP_GROWTH_PERCENT', DEFAULT_HEAP_GROWTH_PERCENT, env);
  if (percent > MAX_HEAP_GROWTH_PERCENT) {
    throw new Error(`Environment variable GATEWAY_HEAP_GROWTH_PERCENT must be at most ${MAX_HEAP_GROWTH_PERCENT} (0 leaves V8's own choice), got "${env.GATEWAY_HEAP_GROWTH_PERCENT}"`);
  }
  return percent;
}

export function applyHeapGrowth(percent: number): void {
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
}
