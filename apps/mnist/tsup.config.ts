import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/cli.ts"],
  format: ["esm"],
  clean: true,
  sourcemap: true,
  target: "es2022",
  platform: "node",
  // @chainrule/charts is not published: the CLI carries its copy, so `npx chainrule-mnist` installs.
  noExternal: ["@chainrule/charts"],
});
