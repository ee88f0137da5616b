/** Nearest-rank percentile of unsorted samples: 0.5 is the median, 0.99 the p99, 1 the maximum. */
export function percentile(samples: readonly number[], fraction: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
}
