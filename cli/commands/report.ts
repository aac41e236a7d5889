import type { Argv, CommandModule } from "yargs";
import { simulateCommand } from "./simulate";

type SimulateArgs = Parameters<NonNullable<typeof simulateCommand.handler>>[0];

/** The file `autorac report` writes unless told. */
export const DEFAULT_REPORT = "autorac-report.html";

/**
 * `autorac report`: simulate's run written as one HTML page (simulate's
 * flags; `--html FILE` names the page). The same as `simulate --html`; the
 * other commands take `--html` themselves.
 */
export const reportCommand: CommandModule<object, SimulateArgs> = {
  command: "report",
  describe: `Run the simulation (simulate's flags) and write its self-contained HTML report (--html, default ${DEFAULT_REPORT}); ablate, compare take --html too`,
  builder: (yargs: Argv) =>
    (simulateCommand.builder as (y: Argv) => Argv<SimulateArgs>)(yargs)
      .default("html", DEFAULT_REPORT)
      .example("$0 report", `the default comparison as ${DEFAULT_REPORT}`)
      .example(
        "$0 report --model figure6-criteo --html fig6.html",
        "one model's mapping comparison",
      ) as unknown as Argv<SimulateArgs>,
  handler: (args) => simulateCommand.handler(args),
};
