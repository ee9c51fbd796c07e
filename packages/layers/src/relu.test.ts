import { describeActivation } from "./activation-suite.js";
import { ReLU } from "./relu.js";

describeActivation(() => new ReLU(), (x) => Math.max(x, 0));
