// Timing helpers for the benchmark: medians and p95 over many runs, in milliseconds.

export interface Sample {
  median: number;
  p95: number;
  runs: number;
}

export function summarize(times: number[]): Sample {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
  return { median: at(0.5), p95: at(0.95), runs: sorted.length };
}

/** Times `run(i)` n times after `warm` untimed runs. */
export async function timeRuns(
  n: number,
  run: (i: number) => unknown,
  warm = Math.min(20, Math.ceil(n / 10)),
): Promise<number[]> {
  for (let i = 0; i < warm; i++) await run(-1 - i);
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await run(i);
    times.push(performance.now() - t0);
  }
  return times;
}

/** A small deterministic PRNG, so each run builds the same store. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
