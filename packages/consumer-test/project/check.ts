// Type-checked as it is (ESM) and copied to check.cts (CommonJS), against the installed types.
import { createWasmBackend, type WasmBackendOptions } from "@chainrule/backend-wasm";
import { mnistFromBytes, type MnistData } from "@chainrule/data-mnist";
import { loadMnist, type LoadOptions } from "@chainrule/data-mnist/node";
import { Dense, ReLU, Sequential, type Layer } from "@chainrule/layers";
import { saveModel } from "@chainrule/layers/node";
import { SoftmaxCrossEntropy } from "@chainrule/losses";
import { Adam, type Optimizer } from "@chainrule/optim";
import { setBackend, tensor, version, type Tensor } from "@chainrule/tensor";
import { writeFileAtomic } from "@chainrule/tensor/node";
import { fit, predict, type Dataset } from "@chainrule/train";

export async function main(data: Dataset, options: LoadOptions, bytes: Uint8Array, wasm: WasmBackendOptions): Promise<string> {
  const layers: Layer[] = [new Dense({ units: 8 }), new ReLU(), new Dense({ units: 2 })];
  const model = new Sequential(layers, { inputShape: [2] });
  const optimizer: Optimizer = new Adam(model.parameters(), { lr: 0.01 });
  await fit(model, { data, loss: new SoftmaxCrossEntropy(), optimizer, epochs: 1, batchSize: 4 });
  const y: Tensor = predict(model, tensor([[0, 1]]));
  setBackend(await createWasmBackend(wasm));
  const mnist: MnistData = await loadMnist(options);
  await saveModel(model, "xor.safetensors");
  await writeFileAtomic("version.txt", version);
  // @ts-expect-error units must be a number: fails to compile if the types were lost (any)
  new Dense({ units: "8" });
  return `${y.shape.join("x")} ${mnist.train.size} ${mnistFromBytes.name} ${bytes.length}`;
}
