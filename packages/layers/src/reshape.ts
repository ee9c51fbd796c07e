import { formatShape, ShapeError, sizeOf, type Shape, type Tensor } from "@chainrule/tensor";
import { BaseLayer, type LayerOptions } from "./base-layer.js";
import type { LayerConfig } from "./layer.js";
import { showValue } from "./layer-options.js";

/**
 * Options of {@link Reshape}.
 *
 * @example
 * new Reshape({ targetShape: [28, 28, 1] } satisfies ReshapeOptions);
 */
export interface ReshapeOptions extends LayerOptions {
  /** One sample's new shape (no batch axis); one entry may be −1 to take what is left. */
  targetShape: Shape;
}

/**
 * Gives each sample a new shape with the same number of elements, e.g. [784] → [28, 28, 1].
 * It moves no data: the output is a view of the input's storage (row-major order is unchanged).
 *
 * Forward:   y = x viewed as [batch, ...targetShape]
 * Backward:  the identity on the flat values, so dx = dy viewed as [batch, ...inputShape]
 *
 * @example
 * new Sequential([new Reshape({ targetShape: [28, 28, 1] }), new Conv2D({ filters: 8, kernelSize: 5 })], { inputShape: [784] });
 */
export class Reshape extends BaseLayer {
  readonly type: string = "Reshape";
  readonly targetShape: Shape;

  constructor(opts: ReshapeOptions) {
    super(opts);
    const t = opts.targetShape;
    if (!Array.isArray(t)) throw new RangeError(`Reshape: targetShape must be a list of dimensions, got ${showValue(t)}`);
    if (!t.every((d) => d === -1 || (Number.isInteger(d) && d >= 0)) || t.filter((d) => d === -1).length > 1) {
      throw new RangeError(`Reshape: targetShape must hold non-negative integers and at most one -1, got ${formatShape(t)}`);
    }
    this.targetShape = [...t];
  }

  protected setup(inputShape: Shape): Shape {
    const size = sizeOf(inputShape);
    const free = this.targetShape.indexOf(-1);
    const known = sizeOf(this.targetShape.filter((_, i) => i !== free));
    const out = this.targetShape.map((d) => (d === -1 ? size / known : d));
    if (!out.every((d) => Number.isInteger(d) && d >= 0) || sizeOf(out) !== size) {
      throw new ShapeError(this.label, `samples with as many elements as ${formatShape(this.targetShape)}`, inputShape, `a sample has ${size} elements`);
    }
    return out;
  }

  protected forwardPass(x: Tensor): Tensor {
    return this.cache.view("y", x, [x.shape[0], ...(this.outputShape as Shape)]);
  }

  protected backwardPass(dy: Tensor): Tensor {
    return this.cache.view("dx", dy, [dy.shape[0], ...(this.inputShape as Shape)]);
  }

  config(): LayerConfig {
    return { type: this.type, name: this.name, targetShape: [...this.targetShape] };
  }
}
