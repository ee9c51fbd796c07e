/* eslint-disable @typescript-eslint/no-require-imports -- the point of this file: every package loaded through require */
const { usePackages } = require("./use-packages.cjs");

usePackages({
  tensor: require("@chainrule/tensor"),
  layers: require("@chainrule/layers"),
  losses: require("@chainrule/losses"),
  optim: require("@chainrule/optim"),
  train: require("@chainrule/train"),
  backendWasm: require("@chainrule/backend-wasm"),
  dataMnistNode: require("@chainrule/data-mnist/node"),
}).then((result) => console.log(JSON.stringify(result)));
