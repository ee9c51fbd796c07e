import { BatchNorm, Dense, ReLU, Sequential, Sigmoid, Tanh, type InitializerSpec, type Layer } from "@chainrule/layers";

/** How {@link denseStack} builds a network. */
export interface DenseStackOptions {
  name: string;
  /** Units of each hidden Dense layer, input side first; none is logistic regression. */
  hidden: readonly number[];
  /** Between the Dense layers; "none" leaves a purely linear stack. */
  activation: "relu" | "sigmoid" | "tanh" | "none";
  /** Initializer of every weight matrix. */
  init: InitializerSpec;
  /** BatchNorm after each hidden Dense layer, before its activation. */
  batchnorm?: boolean;
}

const ACTIVATIONS = { relu: () => new ReLU(), sigmoid: () => new Sigmoid(), tanh: () => new Tanh() };

/**
 * A stack of Dense layers on flat MNIST images [batch, 784] ending in 10 logits: hidden layers
 * fc1, fc2, …, then "logits".
 *
 * @example
 * denseStack({ name: "mlp", hidden: [256, 128], activation: "relu", init: "heNormal" });
 */
export function denseStack(o: DenseStackOptions): Sequential {
  const hidden = o.hidden.map((units, i): Layer[] => [
    new Dense({ units, kernelInitializer: o.init, name: `fc${i + 1}` }),
    ...(o.batchnorm ? [new BatchNorm({ name: `bn${i + 1}` })] : []),
    ...(o.activation === "none" ? [] : [ACTIVATIONS[o.activation]()]),
  ]).flat();
  return new Sequential([...hidden, new Dense({ units: 10, kernelInitializer: o.init, name: "logits" })], { inputShape: [784], name: o.name });
}
