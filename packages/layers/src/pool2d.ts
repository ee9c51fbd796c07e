import { pool2dGeometry, ShapeError, type Padding, type Pool2dGeometry, type Shape, type Tensor } from "@chainrule/tensor";
import { BaseLayer, type LayerOptions } from "./base-layer.js";
import type { LayerConfig } from "./layer.js";

/**
 * Options of {@link MaxPool2D} and {@link AvgPool2D}.
 *
 * @example
 * new MaxPool2D({ poolSize: 3, stride: 2, padding: "same" } satisfies Pool2DOptions);
 */
export interface Pool2DOptions extends LayerOptions {
  /** Window height and width (default 2). */
  poolSize?: number | readonly [number, number];
  /** Step between windows (default the window size). */
  stride?: number | readonly [number, number];
  /** `valid` (default), `same` or zeros on each side; cells outside the image are ignored. */
  padding?: Padding;
}

const pair = (v: number | readonly [number, number]): [number, number] => (typeof v === "number" ? [v, v] : [v[0], v[1]]);

/**
 * What max and average pooling share: options, geometry, output and gradient buffers. A subclass
 * runs its pair of backend kernels.
 *
 * @example
 * class MinPool2D extends Pool2DLayer { ... } // override pool() and poolBackward()
 */
export abstract class Pool2DLayer extends BaseLayer {
  readonly poolSize: [number, number];
  readonly stride: [number, number];
  readonly padding: Padding;
  private x: Tensor | null = null;
  private geometry: Pool2dGeometry | null = null;

  constructor(opts: Pool2DOptions = {}) {
    super(opts);
    this.poolSize = pair(opts.poolSize ?? 2);
    this.stride = pair(opts.stride ?? this.poolSize);
    this.padding = opts.padding ?? "valid";
  }

  protected setup(inputShape: Shape): Shape {
    if (inputShape.length !== 3) {
      throw new ShapeError(this.label, "samples of shape [height, width, channels]", inputShape, "pooling needs NHWC images; add Reshape before it");
    }
    const g = this.geometryOf([1, ...inputShape]);
    return [g.outH, g.outW, g.channels];
  }

  protected forwardPass(x: Tensor): Tensor {
    const g = this.geometryOf(x.shape);
    const y = this.cache.get("y", [g.batch, g.outH, g.outW, g.channels], x.backend);
    this.pool(x, y, g);
    this.x = x;
    this.geometry = g;
    return y;
  }

  protected backwardPass(dy: Tensor): Tensor {
    const x = this.x as Tensor;
    const dx = this.cache.get("dx", x.shape, x.backend);
    this.poolBackward(x, dy, dx, this.geometry as Pool2dGeometry);
    return dx;
  }

  config(): LayerConfig {
    return { type: this.type, name: this.name, poolSize: [...this.poolSize], stride: [...this.stride], padding: this.padding };
  }

  /** y = pool(x) with geometry g. */
  protected abstract pool(x: Tensor, y: Tensor, g: Pool2dGeometry): void;
  /** Overwrites dx with the gradient routed back from dy. */
  protected abstract poolBackward(x: Tensor, dy: Tensor, dx: Tensor, g: Pool2dGeometry): void;

  private geometryOf(xShape: Shape): Pool2dGeometry {
    return pool2dGeometry(xShape, this.poolSize, { stride: this.stride, padding: this.padding }, this.label);
  }
}
