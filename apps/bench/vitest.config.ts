import { packageTestConfig } from "../../vitest.shared.js";

// The smoke test spawns real benchmark runs, which take several seconds each on a shared machine.
export default packageTestConfig({ testTimeout: 120_000 });
