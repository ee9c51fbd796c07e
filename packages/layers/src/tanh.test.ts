import { describeActivation } from "./activation-suite.js";
import { Tanh } from "./tanh.js";

describeActivation(() => new Tanh(), (x) => (Math.exp(x) - Math.exp(-x)) / (Math.exp(x) + Math.exp(-x)));
