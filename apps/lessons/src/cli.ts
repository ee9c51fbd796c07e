#!/usr/bin/env node
import { main } from "./main.js";

process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  tty: process.stdout.isTTY === true,
  // pnpm runs the script in the app's folder and says where it was typed in INIT_CWD.
  cwd: process.env.INIT_CWD ?? process.cwd(),
});
