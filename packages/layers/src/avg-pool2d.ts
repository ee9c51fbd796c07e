import type { Pool2dGeometry, Tensor } from "@chainrule/tensor";
import { Pool2DLayer } from "./pool2d.js";

/**
 * Average pooling over NHWC windows, channel by channel; cells outside the image (with `same` or
 * numeric padding) are left out of the count.
 *
 * Forward:   y[n, i, j, c] = (1 / |window(i, j)|) · Σ_{(u, v) in window(i, j)} x[n, u, v, c]
 * Backward:  ∂y[n, i, j, c]/∂x[n, u, v, c] = 1 / |window(i, j)| for each cell of the window, so
 *            dx[n, u, v, c] = Σ_{windows (i, j) holding (u, v)} dy[n, i, j, c] / |window(i, j)|
 *
 * @example
 * new AvgPool2D({ poolSize: 2, padding: "same" }).build([5, 5, 3]); // [3, 3, 3]
 */
export class AvgPool2D extends Pool2DLayer {
  readonly type = "AvgPool2D";

  protected pool(x: Tensor, y: Tensor, g: Pool2dGeometry): void {
    x.backend.avgPool(x.dataId, y.dataId, g);
  }

  protected poolBackward(_x: Tensor, dy: Tensor, dx: Tensor, g: Pool2dGeometry): void {
    dy.backend.avgPoolBackward(dy.dataId, dx.dataId, g);
  }
}
