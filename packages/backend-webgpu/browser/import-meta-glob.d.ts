// Vite's import.meta.glob, in the one form these tests use; vitest transforms it both in Node and in
// the browser. Vite's own declaration (vite/client) is out of reach: vite comes with vitest, it is
// not a dependency of this package.
interface ImportMeta {
  glob<T>(pattern: string, options: { eager: true; import: "default" }): Record<string, T>;
}
