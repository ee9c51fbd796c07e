import type { GreyImage } from "@chainrule/data-mnist";

/** A canvas the user draws on with mouse, pen or finger. */
export interface DrawPad {
  /** The ink as a grey-scale image at the canvas resolution (ink = 1). */
  image(): GreyImage;
  clear(): void;
}

/**
 * Makes `canvas` a drawing pad; `onChange` gets the ink at most once per animation frame while
 * the user draws, and after `clear`.
 *
 * @example
 * const pad = createDrawPad(canvas, (img) => predict(prepareDigit(img, { background: "dark" })));
 */
export function createDrawPad(canvas: HTMLCanvasElement, onChange: (img: GreyImage) => void): DrawPad {
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  if (!ctx) throw new Error("draw pad: the browser gave no 2D canvas context");
  // A pen about 1/12 of the pad wide becomes the 2–3 pixel strokes of MNIST after scaling to 20×20.
  ctx.lineWidth = canvas.width / 12;
  ctx.lineCap = "round";
  ctx.lineJoin = "round";
  ctx.strokeStyle = "#000";
  ctx.fillStyle = "#000";

  let last: { x: number; y: number } | null = null;
  let frame = 0;
  const image = (): GreyImage => {
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    // Ink is read from alpha: the pad is transparent where nothing was drawn.
    const grey = new Float32Array(canvas.width * canvas.height);
    for (let i = 0; i < grey.length; i++) grey[i] = data[4 * i + 3] / 255;
    return { width: canvas.width, height: canvas.height, data: grey };
  };
  const changed = () => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      onChange(image());
    });
  };
  const point = (e: PointerEvent) => {
    const r = canvas.getBoundingClientRect();
    return { x: ((e.clientX - r.left) * canvas.width) / r.width, y: ((e.clientY - r.top) * canvas.height) / r.height };
  };

  canvas.addEventListener("pointerdown", (e) => {
    canvas.setPointerCapture(e.pointerId);
    last = point(e);
    ctx.beginPath();
    ctx.arc(last.x, last.y, ctx.lineWidth / 2, 0, 2 * Math.PI);
    ctx.fill();
    changed();
  });
  canvas.addEventListener("pointermove", (e) => {
    if (!last) return;
    const p = point(e);
    ctx.beginPath();
    ctx.moveTo(last.x, last.y);
    ctx.lineTo(p.x, p.y);
    ctx.stroke();
    last = p;
    changed();
  });
  const end = () => {
    last = null;
  };
  canvas.addEventListener("pointerup", end);
  canvas.addEventListener("pointercancel", end);

  return {
    image,
    clear() {
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      changed();
    },
  };
}
