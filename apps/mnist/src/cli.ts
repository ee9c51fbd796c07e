#!/usr/bin/env node
import { NonFiniteError } from "@chainrule/train";
import { parseCli, USAGE, UsageError } from "./args.js";
import { predictCommand } from "./predict-command.js";
import { trainCommand } from "./train-command.js";

/** Runs the command line; returns the exit code. */
async function main(argv: readonly string[]): Promise<number> {
  let args;
  try {
    args = parseCli(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`chainrule-mnist: ${e.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.command === "help") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const out = { write: (t: string) => void process.stdout.write(t), tty: process.stdout.isTTY === true };
  try {
    if (args.command === "train") await trainCommand(args, out);
    else await predictCommand(args, out);
    return 0;
  } catch (e) {
    if (e instanceof NonFiniteError) {
      process.stderr.write(`\nchainrule-mnist: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

process.exitCode = await main(process.argv.slice(2));
