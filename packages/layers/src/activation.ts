import type { Activation, Shape, Tensor } from "@chainrule/tensor";
import { BaseLayer } from "./base-layer.js";
import type { LayerConfig } from "./layer.js";

/**
 * An elementwise activation y = f(x) whose derivative is a function of y alone, so the layer
 * caches only its output: dx = dy ⊙ f'(x) = dy ⊙ g(y). The backend's `activation` and
 * `activationBackward` kernels hold f and g; each subclass names one and gives its math.
 *
 * @example
 * const act = new ReLU();
 * act.forward(x, true); act.output; // the cached y, read by the gradient-flow monitor
 */
export abstract class ActivationLayer extends BaseLayer {
  /** The backend kernel this layer runs. */
  abstract readonly kind: Activation;
  /** The negative slope α of LeakyReLU; unused by the others. */
  protected readonly alpha: number = 0;

  protected setup(inputShape: Shape): Shape {
    return inputShape;
  }

  protected forwardPass(x: Tensor): Tensor {
    const y = this.cache.get("y", x.shape, x.backend);
    x.backend.activation(this.kind, x.dataId, y.dataId, x.size, this.alpha);
    return y;
  }

  protected backwardPass(dy: Tensor): Tensor {
    const y = this.output as Tensor;
    const dx = this.cache.get("dx", dy.shape, dy.backend);
    dy.backend.activationBackward(this.kind, y.dataId, dy.dataId, dx.dataId, dy.size, this.alpha);
    return dx;
  }

  config(): LayerConfig {
    return { type: this.type, name: this.name };
  }
}
