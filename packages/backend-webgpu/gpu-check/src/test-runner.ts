// vitest's describe, it, beforeAll and afterAll, all the conformance suite uses, for the GPU check:
// one bundle that plain Node runs on a GPU machine, where neither vitest nor the workspace is. The
// bundle resolves the suite's `vitest` imports here (tsup.config.ts). Tests run one at a time in
// the order registered; a beforeAll that fails fails every test of its suite.

type Body = () => unknown;

interface Suite {
  name: string;
  items: (Suite | Case)[];
  before: Body[];
  after: Body[];
}

interface Case {
  name: string;
  body: Body;
}

/** A test that failed, by its full name ("webgpu backend conformance > matmul > NN 3x5x7"), and why. */
export interface TestFailure {
  test: string;
  error: string;
}

/** What {@link runTests} found. */
export interface TestRun {
  passed: number;
  failed: TestFailure[];
  seconds: number;
}

let root: Suite = { name: "", items: [], before: [], after: [] };
let current = root;

/** Registers the tests that `body` registers under `name`. */
export function describe(name: string, body: () => void): void {
  const suite: Suite = { name, items: [], before: [], after: [] };
  current.items.push(suite);
  const parent = current;
  current = suite;
  try {
    body();
  } finally {
    current = parent;
  }
}

/** Registers a test. */
export function it(name: string, body: Body): void {
  current.items.push({ name, body });
}

/** Runs `body` before the first test of the current suite. */
export function beforeAll(body: Body): void {
  current.before.push(body);
}

/** Runs `body` after the last test of the current suite. */
export function afterAll(body: Body): void {
  current.after.push(body);
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** `body`, or a rejection once `ms` have passed: a kernel that never finishes must not hold the GPU machine. */
async function within(ms: number, body: Body): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  try {
    await Promise.race([body(), late]);
  } finally {
    clearTimeout(timer);
  }
}

function casesOf(suite: Suite, path: string): string[] {
  return suite.items.flatMap((item) => ("body" in item ? [`${path}${item.name}`] : casesOf(item, `${path}${item.name} > `)));
}

async function runSuite(suite: Suite, path: string, timeoutMs: number, run: TestRun): Promise<void> {
  try {
    for (const hook of suite.before) await within(timeoutMs, hook);
  } catch (e) {
    run.failed.push(...casesOf(suite, path).map((test) => ({ test, error: `beforeAll failed: ${message(e)}` })));
    return;
  }
  for (const item of suite.items) {
    if (!("body" in item)) {
      await runSuite(item, `${path}${item.name} > `, timeoutMs, run);
      continue;
    }
    try {
      await within(timeoutMs, item.body);
      run.passed++;
    } catch (e) {
      run.failed.push({ test: `${path}${item.name}`, error: message(e) });
    }
  }
  for (const hook of suite.after) {
    await within(timeoutMs, hook).catch((e: unknown) => run.failed.push({ test: `${path}afterAll`, error: message(e) }));
  }
}

/**
 * Runs every test registered so far, each within `timeoutMs`, and forgets them.
 *
 * @example
 * runConformance("webgpu", () => createWebGpuBackend({ device }));
 * const { passed, failed } = await runTests(60_000);
 */
export async function runTests(timeoutMs: number): Promise<TestRun> {
  const suite = root;
  root = current = { name: "", items: [], before: [], after: [] };
  const started = performance.now();
  const run: TestRun = { passed: 0, failed: [], seconds: 0 };
  await runSuite(suite, "", timeoutMs, run);
  run.seconds = (performance.now() - started) / 1000;
  return run;
}
