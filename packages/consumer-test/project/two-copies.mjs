// The dual-package hazard: @chainrule/tensor loaded with import, then again with require.
import "@chainrule/tensor";
import { createRequire } from "node:module";

try {
  createRequire(import.meta.url)("@chainrule/tensor");
  console.log("the second copy loaded without an error");
} catch (err) {
  console.log(err.message);
}
