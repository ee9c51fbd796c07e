// Flat config: typescript-eslint's recommended rules over every package and app.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    // AssemblyScript sources: asc checks them, and its @inline decorator on functions is not TypeScript syntax.
    ignores: ["packages/backend-wasm/assembly/**", "**/dist/**", "docs/api/**", "**/node_modules/**", "**/.turbo/**", "**/*.wasm", ".tmp/**", "**/playwright-report/**"],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-constant-condition": ["error", { checkLoops: false }],
    },
  },
);
