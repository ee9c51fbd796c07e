/** The ten class probabilities as bars; the most likely class is marked. */
export interface ProbabilityBars {
  /** Shows `probabilities` (ten values), or empties the bars when null. */
  show(probabilities: Float32Array | null): void;
}

/**
 * Fills `list` with one row per digit 0–9. The list's `data-top` attribute holds the most likely
 * digit (empty when nothing is shown), so tests and styles can find it.
 *
 * @example
 * const bars = createProbabilityBars(document.querySelector("#probabilities")!);
 * bars.show(new Float32Array(10).fill(0.1));
 */
export function createProbabilityBars(list: HTMLOListElement): ProbabilityBars {
  const rows = Array.from({ length: 10 }, (_, digit) => {
    const li = document.createElement("li");
    const label = document.createElement("span");
    label.textContent = String(digit);
    const bar = document.createElement("div");
    bar.className = "bar";
    const value = document.createElement("span");
    li.append(label, bar, value);
    list.append(li);
    return { li, bar, value };
  });
  return {
    show(probabilities) {
      let top = -1;
      if (probabilities) for (let d = 0; d < 10; d++) if (top < 0 || probabilities[d] > probabilities[top]) top = d;
      rows.forEach(({ li, bar, value }, d) => {
        const p = probabilities ? probabilities[d] : 0;
        bar.style.width = `${(100 * p).toFixed(1)}%`;
        value.textContent = probabilities ? `${(100 * p).toFixed(1)}%` : "";
        li.dataset.top = String(d === top);
      });
      list.dataset.top = top >= 0 ? String(top) : "";
    },
  };
}
