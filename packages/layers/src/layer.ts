import type { Parameter, Shape, Tensor } from "@chainrule/tensor";

/**
 * The contract every layer keeps. `forward` caches what `backward` needs; `backward` applies the
 * chain rule: it overwrites the gradients of the layer's parameters and returns ∂L/∂x.
 * Output and gradient tensors belong to the layer and are reused while the batch shape stays the
 * same: a caller must not dispose them, and must copy a result it wants to keep past the next call.
 */
export interface Layer {
  /** Unique within a model; parameter names are `${name}.${param}` (e.g. `fc1.weight`). */
  readonly name: string;
  /** Makes parameters and checks shapes for one sample's shape (no batch axis); returns the output sample shape. */
  build(inputShape: Shape): Shape;
  /** y = f(x) for a batch x of shape [batch, ...inputShape]. */
  forward(x: Tensor, training: boolean): Tensor;
  /** ∂L/∂x from ∂L/∂y; fills each parameter's grad. */
  backward(dy: Tensor): Tensor;
  /** Trainable parameters, in a stable order. */
  parameters(): Parameter[];
}
