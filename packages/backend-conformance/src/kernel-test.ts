import type { Harness } from "./harness.js";

/**
 * Registers one conformance test. The body gets a fresh {@link Harness} on the backend under test,
 * runs kernels and states what every output must hold; the runner then checks every buffer the
 * harness made and frees them.
 *
 * @example
 * test("unary neg", (h) => {
 *   const x = h.input("x", h.random(13));
 *   const y = h.output("y", 13);
 *   h.backend.unary("neg", x.id, y.id, 13);
 *   y.expect(x.values.map((v) => -v));
 * });
 */
export type KernelTest = (label: string, body: (h: Harness) => void | Promise<void>) => void;
