import { BatchNorm, Conv2D, Dense, Dropout, Flatten, MaxPool2D, ReLU, Sequential, Sigmoid, type Layer } from "@chainrule/layers";
import { MODELS, type ModelName, type TrainArgs } from "./args.js";
import { CliError } from "./errors.js";

/** How the model wants its input: flat [B, 784] or NHWC images [B, 28, 28, 1]. */
export type Layout = "flat" | "image";

/** Depth of the deep-sigmoid / deep-relu nets: deep enough that sigmoid gradients vanish. */
const DEEP_LAYERS = 8;
const DEEP_WIDTH = 64;

/**
 * The architecture named by `--model`, with `--batchnorm` adding BatchNorm after every conv and
 * hidden dense layer (before the activation) and `--dropout` adding Dropout before the classifier.
 *
 * @example
 * const model = buildModel({ model: "cnn", batchnorm: false, dropout: null });
 */
export function buildModel(a: Pick<TrainArgs, "batchnorm" | "dropout"> & { model: ModelName }): Sequential {
  const bn = (): Layer[] => (a.batchnorm ? [new BatchNorm()] : []);
  const drop = (): Layer[] => (a.dropout ? [new Dropout({ rate: a.dropout })] : []);
  const classifier = new Dense({ units: 10, name: "logits" });
  switch (a.model) {
    case "cnn":
      return new Sequential([
        new Conv2D({ filters: 8, kernelSize: 3, padding: "same", name: "conv1" }), ...bn(), new ReLU(), new MaxPool2D(),
        new Conv2D({ filters: 16, kernelSize: 3, padding: "same", name: "conv2" }), ...bn(), new ReLU(), new MaxPool2D(),
        new Flatten(), new Dense({ units: 64, name: "fc1" }), ...bn(), new ReLU(), ...drop(), classifier,
      ], { inputShape: [28, 28, 1], name: "cnn" });
    case "mlp":
      return new Sequential([
        new Dense({ units: 256, name: "fc1" }), ...bn(), new ReLU(),
        new Dense({ units: 128, name: "fc2" }), ...bn(), new ReLU(),
        ...drop(), classifier,
      ], { inputShape: [784], name: "mlp" });
    case "deep-sigmoid":
    case "deep-relu": {
      const act = (): Layer => (a.model === "deep-sigmoid" ? new Sigmoid() : new ReLU());
      const hidden = Array.from({ length: DEEP_LAYERS }, (_, i) => [new Dense({ units: DEEP_WIDTH, name: `fc${i + 1}` }), ...bn(), act()]).flat();
      return new Sequential([...hidden, ...drop(), classifier], { inputShape: [784], name: a.model });
    }
  }
}

/**
 * The architecture a run trains, which picks its recipe: `--model` (default cnn), or with `--load`
 * the one saved in the file. A `--model` that disagrees with the file is refused, as is a file
 * whose model is none of the CLI's unless `--model` names the recipe to train it with.
 *
 * @example
 * runModelName({ model: null, load: "mlp.safetensors" }, await loadModelFile("mlp.safetensors")); // "mlp"
 */
export function runModelName(a: Pick<TrainArgs, "model" | "load">, loaded: Sequential | null): ModelName {
  if (loaded === null) return a.model ?? "cnn";
  const saved = (MODELS as readonly string[]).includes(loaded.name) ? (loaded.name as ModelName) : null;
  if (saved === null && a.model === null) {
    throw new CliError(`--load ${a.load}: the file holds a model named '${loaded.name}', none of ${MODELS.join(", ")}; add --model to choose the recipe it is trained with`);
  }
  if (saved !== null && a.model !== null && a.model !== saved) {
    throw new CliError(`--model ${a.model} disagrees with --load ${a.load}, whose model is ${saved}; leave out --model (the file's architecture is used)`);
  }
  return saved ?? (a.model as ModelName);
}
