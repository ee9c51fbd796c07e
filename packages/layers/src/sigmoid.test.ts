import { describeActivation } from "./activation-suite.js";
import { Sigmoid } from "./sigmoid.js";

describeActivation(() => new Sigmoid(), (x) => 1 / (1 + Math.exp(-x)));
