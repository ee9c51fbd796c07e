/** Viridis at nine evenly spaced points: dark blue → green → yellow, even in lightness, readable in grey. */
const STOPS = ["#440154", "#472d7b", "#3b528b", "#2c728e", "#21918c", "#28ae80", "#5ec962", "#addc30", "#fde725"].map((h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)));

/**
 * The viridis colour at t in [0, 1] (clamped), interpolated between its nine stops.
 *
 * @example
 * viridis(0); // "#440154"
 */
export function viridis(t: number): string {
  const u = Math.min(1, Math.max(0, t)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(u));
  const f = u - i;
  return `#${STOPS[i].map((c, k) => Math.round(c + f * (STOPS[i + 1][k] - c)).toString(16).padStart(2, "0")).join("")}`;
}
