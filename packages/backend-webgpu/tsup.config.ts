import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  // The declarations name WebGPU's types (GPUDevice): they load @webgpu/types (a dependency) for
  // every user, whose TypeScript may not have them (lib "dom" has no WebGPU).
  dts: { banner: '/// <reference types="@webgpu/types" />' },
  clean: true,
  sourcemap: true,
  target: "es2022",
});
