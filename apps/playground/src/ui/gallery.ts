import { paintDigit } from "./paint-digit.js";

/** A grid of held-out digits that marks the ones the model gets wrong. */
export interface Gallery {
  /** Shows the model's prediction for each digit, or none when null. */
  showPredictions(predicted: Uint8Array | null): void;
}

/**
 * Draws each 28×28 digit of `images` (uint8, row-major, one after another) with its label into
 * `container`. Each figure gets `data-wrong` once predictions arrive.
 *
 * @example
 * const gallery = createGallery(div, images, labels);
 * gallery.showPredictions(predicted);
 */
export function createGallery(container: HTMLElement, images: Uint8Array, labels: Uint8Array): Gallery {
  container.replaceChildren();
  const figures = Array.from(labels, (label, i) => {
    const figure = document.createElement("figure");
    const canvas = document.createElement("canvas");
    canvas.width = 28;
    canvas.height = 28;
    paintDigit(canvas, images.subarray(i * 784, (i + 1) * 784), 255, true);
    const caption = document.createElement("figcaption");
    caption.textContent = String(label);
    figure.append(canvas, caption);
    container.append(figure);
    return { figure, caption, label };
  });
  return {
    showPredictions(predicted) {
      figures.forEach(({ figure, caption, label }, i) => {
        const p = predicted?.[i];
        const wrong = p !== undefined && p !== label;
        figure.dataset.wrong = String(wrong);
        caption.textContent = wrong ? `${label}→${p}` : String(label);
      });
    },
  };
}
