import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CliError } from "./errors.js";
import { checkOutputs, outputFiles, writeOutput, type OutputFile } from "./outputs.js";

const root = mkdtempSync(join(tmpdir(), "chainrule-outputs-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const report = (path: string): OutputFile => ({ what: "report", flag: "--report", path });

describe("outputFiles", () => {
  it("lists what --save, --report, --html and --onnx ask for, and refuses two flags naming one file", () => {
    expect(outputFiles({ save: "m.safetensors", report: null, html: "r.html", onnx: "m.onnx" })).toEqual([
      { what: "model", flag: "--save", path: "m.safetensors" }, { what: "html report", flag: "--html", path: "r.html" },
      { what: "ONNX model", flag: "--onnx", path: "m.onnx" },
    ]);
    expect(() => outputFiles({ save: null, report: "out/r.json", html: "./out/r.json", onnx: null })).toThrow(new CliError("--report and --html both name out/r.json; give each its own file"));
    expect(() => outputFiles({ save: "m", report: null, html: null, onnx: "m" })).toThrow(new CliError("--save and --onnx both name m; give each its own file"));
  });
});

describe("checkOutputs", () => {
  it("makes the missing folders and leaves nothing else behind", async () => {
    const path = join(root, "made", "a", "b", "r.json");
    await checkOutputs([report(path)]);
    expect(readdirSync(dirname(path))).toEqual([]);
  });

  it("refuses a path that is a folder, or whose folder is a file, or cannot be made", async () => {
    const folder = join(root, "folder");
    mkdirSync(folder);
    writeFileSync(join(root, "file"), "");
    await expect(checkOutputs([report(folder)])).rejects.toThrow(new CliError(`--report ${folder}: is a folder; give a file name inside it`));
    await expect(checkOutputs([report(`${join(root, "new")}/`)])).rejects.toThrow(new CliError(`--report ${join(root, "new")}/: is a folder; give a file name inside it`));
    await expect(checkOutputs([report(join(root, "file", "x", "r.json"))])).rejects.toThrow(new CliError(`--report ${join(root, "file", "x", "r.json")}: ${join(root, "file")} is a file, not a folder; choose another path`));
    await expect(checkOutputs([report("/proc/nope/r.json")])).rejects.toThrow(/^--report \/proc\/nope\/r\.json: cannot create the folder \/proc\/nope \(/);
  });
});

describe("writeOutput", () => {
  it("writes where asked and says so", async () => {
    const lines: string[] = [];
    const path = join(root, "r.json");
    expect(await writeOutput(report(path), "{}", (l) => lines.push(l), (l) => lines.push(`warn: ${l}`))).toBe(true);
    expect(readFileSync(path, "utf8")).toBe("{}");
    expect(lines).toEqual([`report written to ${path}`]);
  });

  it("when that fails, says why and writes it to a fresh folder in the temp folder", async () => {
    const warnings: string[] = [];
    const path = join(root, "vanished", "m.safetensors");
    expect(await writeOutput({ what: "model", flag: "--save", path }, new Uint8Array([1, 2, 3]), () => undefined, (l) => warnings.push(l))).toBe(false);
    expect(warnings[0]).toBe(`chainrule-mnist: could not write the model to ${path} (no such file or folder; check the path)`);
    const rescued = /^chainrule-mnist: the model was written to (\S+) instead$/.exec(warnings[1])?.[1] ?? "";
    expect(dirname(dirname(rescued))).toBe(tmpdir());
    expect([...readFileSync(rescued)]).toEqual([1, 2, 3]);
    rmSync(dirname(rescued), { recursive: true });
  });
});
