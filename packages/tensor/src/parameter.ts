import type { Backend } from "./backend.js";
import { getBackend } from "./engine.js";
import { empty, type Tensor } from "./tensor.js";

/**
 * A trainable value and its gradient, both on one backend. Layers make them, backward fills
 * `grad`, optimizers update `value` in place.
 *
 * @example
 * const w = Parameter.fromValues("fc1.weight", [784, 128], values);
 */
export class Parameter {
  constructor(
    readonly name: string,
    readonly value: Tensor,
    readonly grad: Tensor,
  ) {}

  /** A parameter with storage for value and gradient, filled with `values` (zeros if omitted). */
  static fromValues(name: string, shape: readonly number[], values?: ArrayLike<number>, backend: Backend = getBackend()): Parameter {
    const value = empty(shape, backend);
    if (values) {
      if (values.length !== value.size) throw new RangeError(`Parameter '${name}': ${values.length} values for shape [${shape.join(", ")}]`);
      backend.write(value.dataId, values);
    }
    return new Parameter(name, value, empty(shape, backend));
  }

  /** The value's (and gradient's) shape. */
  get shape(): readonly number[] {
    return this.value.shape;
  }

  /** Number of scalars, as PyTorch's `numel()`. */
  get size(): number {
    return this.value.size;
  }

  /** Sets the gradient to zero. */
  zeroGrad(): void {
    this.grad.backend.fill(this.grad.dataId, 0, this.grad.size);
  }

  /** Frees value and gradient. */
  dispose(): void {
    this.value.dispose();
    this.grad.dispose();
  }
}
