// Every composite of @chainrule/tensor against the float64 references: a backend made of the JS
// backend's primitives alone, every other kernel a composite (composeBackend). The primitives are
// reached through checkedBackend, so each call a composite makes also passes the argument checks
// and the in-place rule a GPU needs; and after every test the JS backend holds no buffer, so no
// composite leaks its temporaries.
import { checkedBackend, composeBackend, JsBackend, primitivesOf, type DType } from "@chainrule/tensor";
import { afterEach, expect } from "vitest";
import { runConformance } from "./run-conformance.js";

const made: JsBackend[] = [];

function composedJs(dtype: DType) {
  const js = new JsBackend({ dtype });
  made.push(js);
  return composeBackend(primitivesOf(checkedBackend(js)));
}

afterEach(() => {
  for (const js of made) expect(js.memory()).toEqual({ buffers: 0, bytes: 0 });
});

runConformance("composed js float32", () => composedJs("float32"));
runConformance("composed js float64", () => composedJs("float64"));
