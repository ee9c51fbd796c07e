import * as backendWasm from "@chainrule/backend-wasm";
import * as dataMnistNode from "@chainrule/data-mnist/node";
import * as layers from "@chainrule/layers";
import * as losses from "@chainrule/losses";
import * as optim from "@chainrule/optim";
import * as tensor from "@chainrule/tensor";
import * as train from "@chainrule/train";
import shared from "./use-packages.cjs";

const result = await shared.usePackages({ tensor, layers, losses, optim, train, backendWasm, dataMnistNode });
console.log(JSON.stringify(result));
