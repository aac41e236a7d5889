import type { Argv, CommandModule } from "yargs";
import { runQueueWorker } from "../../models/search/queue";
import { ranged } from "../ranged";

interface WorkerArgs {
  queue: string;
  concurrency: number;
  "data-dir": string[];
  [key: string]: unknown;
}

export const workerCommand: CommandModule<object, WorkerArgs> = {
  command: "worker",
  describe:
    "Evaluate the candidates of `autorac search --queue` from Redis (BullMQ) until stopped; run as many as you like, on any machines",
  builder: (yargs: Argv) =>
    yargs
      .option("queue", {
        type: "string",
        demandOption: true,
        describe:
          "Redis holding the queue: redis://HOST:PORT (the address given to search --queue)",
      })
      .option("data-dir", {
        type: "string",
        array: true,
        default: [] as string[],
        describe:
          "A directory whose files jobs may name (checkpoints, data), relative to it; repeat for more. Without one, only jobs that read no file (the proxy loss, synthetic data) run (docs/distributed-search.md: trust model)",
      })
      .option(
        "concurrency",
        ranged(
          "concurrency",
          {
            type: "number",
            default: 1,
            describe: "Evaluations at once; above 1 each runs on its own worker thread",
          },
          { integer: true, min: 1, max: 256 },
        ),
      )
      .example(
        "$0 worker --queue redis://127.0.0.1:6379 --data-dir /srv/autorac",
        "supernet jobs may read checkpoints and data under /srv/autorac only",
      )
      .example(
        "$0 worker --queue redis://127.0.0.1:6379 --concurrency 8",
        "8 at once, from a Redis here or reached through an SSH tunnel (docs/distributed-search.md)",
      )
      .strict() as unknown as Argv<WorkerArgs>,
  handler: async (args) => {
    const worker = await runQueueWorker(args.queue, {
      concurrency: args.concurrency,
      dataDirs: args["data-dir"],
    });
    // Ctrl-C or a service manager's stop: finish the jobs in hand, then leave;
    // a second signal has Node's default effect and stops at once (the jobs go back to the queue)
    const signal = await new Promise<NodeJS.Signals>((resolve) => {
      const stop = (signal: NodeJS.Signals) => {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
        resolve(signal);
      };
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
    });
    console.log(`${signal}: finishing the evaluations in hand (again to stop at once)`);
    await worker.close();
  },
};
