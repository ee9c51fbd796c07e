import type { Pool2dGeometry, Tensor } from "@chainrule/tensor";
import { Pool2DLayer } from "./pool2d.js";

/**
 * Max pooling over NHWC windows, channel by channel.
 *
 * Forward:   y[n, i, j, c] = max_{(u, v) in window(i, j)} x[n, u, v, c]
 * Backward:  the max is locally the identity on its winning input and constant in the others, so
 *            dx[n, u*, v*, c] += dy[n, i, j, c] for the (first) argmax (u*, v*) of each window,
 *            and 0 elsewhere. The kernel finds the argmax again from x, so nothing but x is cached.
 *
 * @example
 * new MaxPool2D({ poolSize: 2 }).build([24, 24, 8]); // [12, 12, 8]
 */
export class MaxPool2D extends Pool2DLayer {
  readonly type = "MaxPool2D";

  protected pool(x: Tensor, y: Tensor, g: Pool2dGeometry): void {
    x.backend.maxPool(x.dataId, y.dataId, g);
  }

  protected poolBackward(x: Tensor, dy: Tensor, dx: Tensor, g: Pool2dGeometry): void {
    x.backend.maxPoolBackward(x.dataId, dy.dataId, dx.dataId, g);
  }
}
