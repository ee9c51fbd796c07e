import { DataFileError } from "@chainrule/data-mnist";
import { ModelFileError } from "@chainrule/layers";
import { ShapeError } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { errorLine, fileProblem } from "./error-line.js";
import { CliError } from "./errors.js";

const errno = (code: string, path?: string) => Object.assign(new Error(`${code}: something, open '${path}'`), { code, path });

describe("errorLine", () => {
  it("prints errors that already say what and where as they are", () => {
    expect(errorLine(new CliError("--save x: cannot create the folder x"))).toBe("--save x: cannot create the folder x");
    expect(errorLine(new DataFileError("d/train-images-idx3-ubyte", "truncated"))).toBe("d/train-images-idx3-ubyte: truncated");
    expect(errorLine(new ModelFileError("m.safetensors", "not a safetensors file"))).toBe("m.safetensors: not a safetensors file");
    expect(errorLine(new ShapeError("Dense 'fc1'", "[batch, 784]", [2, 10]))).toBe("Dense 'fc1' expects [batch, 784] but got [2, 10]");
  });

  it("turns a file-system error into its path and what its code means", () => {
    expect(errorLine(errno("ENOENT", "a.png"))).toBe("a.png: no such file or folder; check the path");
    expect(errorLine(errno("EACCES", "/root/m"))).toBe("/root/m: permission denied; check the permissions or choose another place");
    expect(fileProblem(errno("EWHATEVER"))).toBe("EWHATEVER: something, open 'undefined'");
  });

  it("gives anything else in one line, pointing at --verbose", () => {
    expect(errorLine(new TypeError("x is not a function\n    at somewhere"))).toBe("x is not a function (an unexpected error: run again with --verbose to see where it came from)");
    expect(errorLine("thrown text")).toBe("thrown text (an unexpected error: run again with --verbose to see where it came from)");
  });
});
