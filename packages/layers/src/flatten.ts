import type { LayerOptions } from "./base-layer.js";
import type { LayerConfig } from "./layer.js";
import { Reshape } from "./reshape.js";

/**
 * Flattens each sample to a vector, e.g. [batch, 4, 4, 16] → [batch, 256], so a Dense layer can
 * follow a convolution. It is a {@link Reshape} to [−1]: a view, no copy; the backward pass views
 * dy back as the input shape.
 *
 * Forward:   y[b, (h·W + w)·C + c] = x[b, h, w, c]   (row-major order, unchanged)
 * Backward:  dx = dy viewed as [batch, H, W, C]
 *
 * @example
 * new Sequential([new Conv2D({ filters: 8, kernelSize: 5 }), new Flatten(), new Dense({ units: 10 })], { inputShape: [28, 28, 1] });
 */
export class Flatten extends Reshape {
  override readonly type = "Flatten";

  constructor(opts: LayerOptions = {}) {
    super({ ...opts, targetShape: [-1] });
  }

  override config(): LayerConfig {
    return { type: this.type, name: this.name };
  }
}
