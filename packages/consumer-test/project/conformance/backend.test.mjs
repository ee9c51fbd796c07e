// A backend author's test file, as in @chainrule/backend-conformance's README.
import { runConformance } from "@chainrule/backend-conformance";
import { JsBackend } from "@chainrule/tensor";

// A backend that must pass: the JS reference itself.
runConformance("js", () => new JsBackend());

// A backend with one wrong kernel, which the suite must catch: its relu leaks negative inputs.
class LeakyReluBackend extends JsBackend {
  activation(kind, x, y, size, alpha) {
    super.activation(kind === "relu" ? "leakyRelu" : kind, x, y, size, alpha);
  }
}
runConformance("leaky relu", () => new LeakyReluBackend());
