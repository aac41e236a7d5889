import type { Argv, CommandModule } from "yargs";
import { importNasrecFile } from "../../models/nasrec/import-nasrec";
import { analyseModel } from "../../models/spec/model-graph";
import { writeJsonAtomic } from "../../sim/io/atomic-file";
import { checkOutputFile } from "../../sim/io/output-path";

interface ImportArgs {
  file: string;
  out?: string;
  "weight-bits": 4 | 8;
  dataset?: string;
  name?: string;
}

export const importNasrecCommand: CommandModule<object, ImportArgs> = {
  command: "import-nasrec <file>",
  describe: "Convert a NASRec architecture (its autoctr JSON) into an autorac model spec",
  builder: (yargs: Argv) =>
    yargs
      .positional("file", {
        type: "string",
        demandOption: true,
        describe: "NASRec's JSON (e.g. ea_criteo_kaggle_autoctr_best_1shot.json)",
      })
      .option("out", { type: "string", describe: "Write the spec here (default: print it)" })
      .option("weight-bits", {
        choices: [4, 8] as const,
        default: 8 as const,
        describe: "Weight bits of every operator",
      })
      .option("dataset", {
        type: "string",
        describe: "criteo, avazu or kdd, when the file name does not say",
      })
      .option("name", { type: "string", describe: "The spec's name (default: from the file name)" })
      .example(
        "$0 import-nasrec ea_criteo_kaggle_autoctr_best_1shot.json",
        "NASRec's best Criteo architecture as an autorac model spec, printed",
      )
      .example(
        "$0 import-nasrec arch.json --weight-bits 4 --out my-model.json",
        "4-bit weights, written to a file for --model",
      )
      .strict() as unknown as Argv<ImportArgs>,
  handler: (args) => {
    checkOutputFile(args["out"] as string | undefined, "--out");
    const spec = importNasrecFile(args.file, {
      weightBits: args["weight-bits"],
      ...(args.dataset !== undefined && { dataset: args.dataset }),
      ...(args.name !== undefined && { name: args.name }),
    });
    const graph = analyseModel(spec); // refuse a spec whose blocks do not connect before writing anything
    if (args.out === undefined) {
      console.log(JSON.stringify(spec, null, 2));
    } else {
      writeJsonAtomic(args.out, spec);
      console.log(
        `${args.out}: ${spec.blocks.length} blocks (${graph.deadBlocks.length} dead), dataset ${spec.dataset}`,
      );
    }
  },
};
