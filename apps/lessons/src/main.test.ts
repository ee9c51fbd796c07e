import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { escapeXml } from "@chainrule/charts";
import { describe, expect, it } from "vitest";
import { main, type Io } from "./main.js";
import { tagsBalanced } from "./test-support.js";

function io(cwd: string): Io & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), tty: false, cwd };
}

describe("main", () => {
  it("runs a lesson, prints its explanation and conclusion, and writes the JSON report and the HTML page", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lessons-"));
    const run = io(dir);
    // Relative paths start at io.cwd; missing folders are made.
    expect(await main(["gradcheck", "--report", "out/gc.json", "--html", "out/gc.html", "--backend", "js"], run)).toBe(0);
    const printed = run.out.join("");
    expect(printed).toMatch(/^chainrule lesson gradcheck: The one-\.T bug/);
    expect(printed).toContain("backend js, seed 1");
    const report = JSON.parse(await readFile(join(dir, "out/gc.json"), "utf8"));
    expect(report).toMatchObject({ lesson: "gradcheck", backend: "js", threads: 1, seed: 1, command: "chainrule-lessons gradcheck --report out/gc.json --html out/gc.html --backend js" });
    expect(printed).toContain(report.conclusion.split(" ").slice(0, 6).join(" "));
    expect(report.checks.map((c: { passed: boolean }) => c.passed)).toEqual([false, true]);
    const html = await readFile(join(dir, "out/gc.html"), "utf8");
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).not.toMatch(/<script|<link|src=|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(html.match(/<svg /g)).toHaveLength(1);
    expect(tagsBalanced(html)).toBe(true);
    expect(html).toContain(escapeXml(report.conclusion));
  });

  it("prints the usage for a usage error (exit 2) and one line for a path it cannot write (exit 1)", async () => {
    const bad = io(tmpdir());
    expect(await main(["nope"], bad)).toBe(2);
    expect(bad.err.join("")).toMatch(/^chainrule-lessons: lesson: expected one of .*\n\nUsage: chainrule-lessons NAME/s);
    const dir = await mkdtemp(join(tmpdir(), "lessons-"));
    await writeFile(join(dir, "a-file"), "");
    const blocked = io(dir);
    expect(await main(["gradcheck", "--report", "a-file/r.json"], blocked)).toBe(1);
    expect(blocked.err.join("")).toMatch(new RegExp(`^chainrule-lessons: --report ${join(dir, "a-file/r.json")}: cannot make its folder \\(E[A-Z]+: [^\\n]*\\)\\n$`));
    expect(blocked.out).toEqual([]);
  });
});
