#!/usr/bin/env node
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { InputError } from "../sim/kernel";
import { ablateCommand } from "./commands/ablate";
import { compareCommand } from "./commands/compare";
import { costCommand } from "./commands/cost";
import { demoCommand } from "./commands/demo";
import { evaluateCommand } from "./commands/evaluate";
import { importNasrecCommand } from "./commands/import-nasrec";
import { modelCommand } from "./commands/model";
import { overlapCommand } from "./commands/overlap";
import { replayCommand } from "./commands/replay";
import { searchCommand } from "./commands/search";
import { simulateCommand } from "./commands/simulate";
import { reportCommand } from "./commands/report";
import { traceCommand } from "./commands/trace";
import { trainCommand } from "./commands/train";
import { workerCommand } from "./commands/worker";

/**
 * The `autorac` command line; every command is also a library function.
 * Returns a promise when the command is asynchronous (it reads a file in
 * chunks, trains), so that its errors are reported the same way.
 */
export function main(argv: string[]): void | Promise<void> {
  try {
    const result = parse(argv);
    if (result instanceof Promise) return result.then(() => undefined, report);
  } catch (error) {
    report(error);
  }
}

/** Bad input is said plainly, with exit status 2; a bug keeps its stack. */
function report(error: unknown): void {
  if (!(error instanceof InputError)) throw error;
  console.error(`autorac: ${error.message}`);
  process.exit(2);
}

function parse(argv: string[]): unknown {
  return yargs(argv)
    .scriptName("autorac")
    .command(simulateCommand)
    .command(replayCommand)
    .command(traceCommand)
    .command(overlapCommand)
    .command(ablateCommand)
    .command(trainCommand)
    .command(searchCommand)
    .command(evaluateCommand)
    .command(workerCommand)
    .command(compareCommand)
    .command(reportCommand)
    .command(modelCommand)
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

if (require.main === module) void main(hideBin(process.argv));
