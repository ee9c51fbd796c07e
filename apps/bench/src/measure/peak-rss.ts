/**
 * Peak resident set size of this process so far, in MiB. Node reports maxRSS in KiB; the kernel keeps
 * the high-water mark, so no sampling is needed and worker threads are included.
 *
 * @example
 * peakRssMb(); // 61.2
 */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}
