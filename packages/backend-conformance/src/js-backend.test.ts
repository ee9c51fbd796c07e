// The JS backend's own conformance run. It lives here rather than in packages/tensor because a
// tensor → backend-conformance devDependency would close a cycle in turbo's build graph
// (backend-conformance depends on tensor).
import { JsBackend } from "@chainrule/tensor";
import { runConformance } from "./run-conformance.js";

runConformance("js float32", () => new JsBackend());
runConformance("js float64", () => new JsBackend({ dtype: "float64" }));
