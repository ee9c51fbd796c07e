import { describe, expect, it } from "vitest";
import { textTable } from "./text-table.js";

describe("textTable", () => {
  it("pads names on the right and numbers on the left to the widest cell", () => {
    const out = textTable(["system", "GFLOPS", "note"], [["tfjs-cpu", "1.5", ""], ["chainrule-wasm-2t", "120.25", "fast"]], "lrl");
    expect(out.split("\n")).toEqual([
      "system             GFLOPS  note",
      "-----------------  ------  ----",
      "tfjs-cpu              1.5",
      "chainrule-wasm-2t  120.25  fast",
    ]);
  });
});
