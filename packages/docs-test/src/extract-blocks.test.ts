import { describe, expect, it } from "vitest";
import { extractBlocks } from "./extract-blocks.js";

const fence = "```";

describe("extractBlocks", () => {
  it("takes ts, typescript, js, javascript and mjs fences with their line, and nothing else", () => {
    const md = [
      "# Title", "", `${fence}ts`, "a;", fence, "", `${fence}sh`, "pnpm add x", fence, "", `${fence}`, "plain", fence, "",
      `${fence}python`, "x = 1", fence, "", `${fence}js`, "b;", fence, "", `${fence}typescript`, "c;", fence, "",
      `${fence}javascript`, "d;", fence, "", `${fence}mjs`, "e;", fence, "",
    ].join("\n");
    const blocks = extractBlocks("R.md", md);
    expect(blocks.map((b) => [b.line, b.lang, b.code])).toEqual([
      [3, "ts", "a;"], [19, "js", "b;"], [23, "ts", "c;"], [27, "js", "d;"], [31, "js", "e;"],
    ]);
    expect(blocks.every((b) => b.file === "R.md" && b.noRun === null && !b.preamble && !b.check)).toBe(true);
  });

  it("reads an indented fence in a list item without the indentation, and a tilde fence", () => {
    const md = ["- item", "", `  ${fence}ts`, "  if (x) {", "    y();", "  }", `  ${fence}`, "", "~~~ts", "z;", "~~~"].join("\n");
    expect(extractBlocks("R.md", md).map((b) => [b.line, b.code])).toEqual([[3, "if (x) {\n  y();\n}"], [9, "z;"]]);
  });

  it("attaches a preamble directly before and a check directly after, with the line of each comment", () => {
    const md = [
      "<!-- docs-test: preamble", "const a = 1;", "-->", `${fence}ts`, "const b = a;", fence,
      "<!-- docs-test: check", "expect(b).toBe(1);", "-->", "", `${fence}ts`, "c;", fence,
    ].join("\n");
    const [first, second] = extractBlocks("R.md", md);
    expect(first.preamble).toEqual({ line: 1, code: "\nconst a = 1;\n" });
    expect(first.check).toEqual({ line: 7, code: "\nexpect(b).toBe(1);\n" });
    expect([second.preamble, second.check]).toEqual([null, null]);
  });

  it("leaves other HTML comments alone", () => {
    const md = ["<!-- a note for editors -->", `${fence}ts`, "a;", fence].join("\n");
    expect(extractBlocks("R.md", md)[0].preamble).toBeNull();
  });

  it("reads `no-run: reason` from the fence info", () => {
    const md = [`${fence}ts no-run: needs a network`, "fetch(url);", fence].join("\n");
    expect(extractBlocks("R.md", md)[0].noRun).toBe("needs a network");
  });

  it.each([
    ["no-run without a reason", [`${fence}ts no-run`, "a;", fence], /R\.md:1: "no-run" needs a reason/],
    ["unknown fence info", [`${fence}ts norun: typo`, "a;", fence], /R\.md:1: unknown fence info "norun: typo"/],
    ["unknown directive", ["<!-- docs-test: setup", "a;", "-->", `${fence}ts`, "b;", fence], /R\.md:1: unknown docs-test directive/],
    ["a preamble not before a fence", ["<!-- docs-test: preamble", "a;", "-->", "", "text", "", `${fence}ts`, "b;", fence],
      /R\.md:1: docs-test preamble must stand directly before a ts or js fence/],
    ["a check not after a fence", ["text", "", "<!-- docs-test: check", "a;", "-->"], /R\.md:3: docs-test check must stand directly after/],
    ["a preamble before a shell fence", ["<!-- docs-test: preamble a; -->", `${fence}sh`, "ls", fence], /R\.md:1: docs-test preamble must stand/],
    ["a preamble on a no-run block", ["<!-- docs-test: preamble a; -->", `${fence}ts no-run: why`, "b;", fence],
      /R\.md:2: a no-run block has a docs-test preamble or check/],
  ])("throws on %s, naming the line", (_, lines, message) => {
    expect(() => extractBlocks("R.md", lines.join("\n"))).toThrow(message);
  });
});
