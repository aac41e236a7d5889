#!/usr/bin/env node
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { InputError } from "../kernel";
import { costCommand } from "./commands/cost";
import { demoCommand } from "./commands/demo";
import { importNasrecCommand } from "./commands/import-nasrec";
import { overlapCommand } from "./commands/overlap";
import { replayCommand } from "./commands/replay";
import { simulateCommand } from "./commands/simulate";
import { traceCommand } from "./commands/trace";

/** The `autorac` command line; every command is also a library function. */
export function main(argv: string[]): void {
  try {
    parse(argv);
  } catch (error) {
    if (!(error instanceof InputError)) throw error; // a bug: keep the stack
    console.error(`autorac: ${error.message}`);
    process.exit(2);
  }
}

function parse(argv: string[]): void {
  void yargs(argv)
    .scriptName("autorac")
    .command(simulateCommand)
    .command(replayCommand)
    .command(traceCommand)
    .command(overlapCommand)
    .command(costCommand)
    .command(importNasrecCommand)
    .command(demoCommand)
    .demandCommand(1, "Name a command (see --help).")
    .strict()
    .fail((message, error, y) => {
      // Bad input: say what is wrong and how to ask for help; exit 2 as CLI tools do.
      console.error(
        error !== undefined ? `autorac: ${error.message}` : `autorac: ${message}\n\n${y.help()}`,
      );
      process.exit(2);
    })
    .help()
    .version()
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    .parse();
}

if (require.main === module) main(hideBin(process.argv));
