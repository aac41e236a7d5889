/**
 * A queue worker for queue.test.ts, run in a child process through
 * test/run-ts.cjs: `queue-worker-entry.ts URL [--slow] [--data-dir DIR]`. Short lock and
 * stall-check times, so a killed worker's job comes back within a couple of
 * seconds. With --slow it announces each job ("starting JOB") and sleeps
 * before evaluating, so the test can kill it mid-evaluation.
 */
import { evaluateCandidate } from "../../../models/search/evaluate-candidate";
import { runQueueWorker } from "../../../models/search/queue";

const [url, mode, dataDir] = process.argv.slice(2);
const SLOW_MS = 20_000;

async function main() {
  const worker = await runQueueWorker(url!, {
    lockDurationMs: 1000,
    stalledIntervalMs: 500,
    ...(mode === "--data-dir" && { dataDirs: [dataDir!] }),
    ...(mode === "--slow" && {
      evaluate: async (task) => {
        console.log(`starting ${task.candidate.model.name}`);
        await new Promise((resolve) => setTimeout(resolve, SLOW_MS));
        return evaluateCandidate(task);
      },
    }),
  });
  process.once("SIGTERM", () => void worker.close());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
