import { createHash, randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { Queue, QueueEvents, Worker, type Job } from "bullmq";
import { Redis } from "ioredis";
import type { HwConfig } from "../../arch/config/hw-config";
import { InputError } from "../../sim/kernel/input-error";
import { syntheticLayoutOf } from "../data/synthetic";
import {
  EVALUATION_VERSION,
  evaluateCandidate,
  type EvaluationTask,
  type LossSetting,
} from "./evaluate-candidate";
import { checkDataDirs, nameUnder } from "./data-dirs";
import { threadPool, type CandidateEvaluator } from "./evaluators";
import type { Measured } from "./evolution";
import { candidateKey, type Candidate } from "./space";
import { checkedTask } from "./task-schema";

/**
 * Evaluations over BullMQ on Redis: the search adds one job per candidate,
 * workers on any number of machines take them, and the search waits for each
 * result. The evolution consumes results in candidate order, so which worker
 * computes a result, and when, cannot change the search.
 *
 * One queue for every search, so that a worker needs nothing but the Redis
 * address: a job carries its whole task (candidate, base chip, loss). The
 * queue's name carries the evaluation version, so a worker whose code
 * computes other numbers never takes a job (it waits on another queue). Job
 * ids are "<run id>.<hash of the candidate key>": the same candidate is
 * computed once per run, and one run never takes another's results.
 */
export const QUEUE_NAME = `autorac-evaluate-v${EVALUATION_VERSION}`;

/** Completed jobs are kept this long, so a search that asks just after completion still finds the result. */
const KEEP_COMPLETED_S = 3600;
/** Failed jobs are kept a day for inspection. */
const KEEP_FAILED_S = 24 * 3600;
/** A job whose worker died this many times is failed rather than retried again (it may be what kills them). */
const MAX_STALLS = 3;
/** How long the search or a worker tries to reach Redis at start before giving up. */
const CONNECT_TIMEOUT_MS = 5000;

/** A parsed `redis://[[USER]:PASSWORD@]HOST[:PORT][/DB]`. */
export interface RedisAddress {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db: number;
  /** The address without the password, for messages. */
  shown: string;
}

/** Parses and checks a --queue URL; a bad one is an InputError saying what was expected. */
export function parseQueueUrl(url: string): RedisAddress {
  const expected = "expected redis://HOST:PORT (e.g. redis://127.0.0.1:6379)";
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InputError(`--queue ${JSON.stringify(url)}: not a URL; ${expected}`);
  }
  if (parsed.protocol !== "redis:")
    throw new InputError(`--queue ${url}: the scheme is ${parsed.protocol}; ${expected}`);
  if (parsed.hostname === "") throw new InputError(`--queue ${url}: no host; ${expected}`);
  if (parsed.search !== "" || parsed.hash !== "")
    throw new InputError(`--queue ${url}: no query or fragment is understood; ${expected}`);
  const db = parsed.pathname === "" || parsed.pathname === "/" ? "0" : parsed.pathname.slice(1);
  if (!/^\d+$/.test(db))
    throw new InputError(
      `--queue ${url}: the path ${parsed.pathname} is not a database number; ${expected}[/DB]`,
    );
  const port = parsed.port === "" ? 6379 : Number(parsed.port);
  if (port === 0) throw new InputError(`--queue ${url}: port 0; ${expected}`);
  const host = parsed.hostname.replace(/^\[(.*)\]$/, "$1"); // an IPv6 address without its brackets
  return {
    host,
    port,
    ...(parsed.username !== "" && { username: decodeURIComponent(parsed.username) }),
    ...(parsed.password !== "" && { password: decodeURIComponent(parsed.password) }),
    db: Number(db),
    shown: `redis://${parsed.host}${db === "0" ? "" : `/${db}`}`,
  };
}

function connectionOf(a: RedisAddress) {
  return {
    host: a.host,
    port: a.port,
    db: a.db,
    ...(a.username !== undefined && { username: a.username }),
    ...(a.password !== undefined && { password: a.password }),
  };
}

/** Fails at once with a clear InputError when Redis cannot be used (BullMQ alone would retry for ever). */
async function reach(a: RedisAddress): Promise<void> {
  const client = new Redis({
    ...connectionOf(a),
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  let cause: Error | undefined; // connect() only says "Connection is closed"; the error event says why
  client.on("error", (error: Error) => (cause ??= error));
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw new InputError(
      `cannot use Redis at ${a.shown}: ${(cause ?? (error as Error)).message}; start it (scripts/redis-server.sh) or correct --queue`,
    );
  } finally {
    client.disconnect();
  }
}

/** Says each distinct connection error once, not on every reconnection attempt. */
function errorReporter(log: (line: string) => void, who: string): (error: Error) => void {
  let last = "";
  return (error) => {
    if (error.message === last) return;
    last = error.message;
    log(`${who}: Redis: ${error.message}`);
  };
}

export interface QueueEvaluatorOptions {
  /** Where notices go (no worker connected yet, connection errors); default stderr. */
  log?: (line: string) => void;
  /**
   * The directory the loss's files are named relative to (the workers' --data-dir
   * holds the same tree); default the current directory.
   */
  dataDir?: string;
}

/**
 * Evaluates candidates on the workers of a BullMQ queue (`autorac worker
 * --queue URL`). Nothing connects until the first evaluation, so an
 * evaluator that is never used holds nothing open; an unreachable Redis
 * fails that first evaluation with an InputError.
 */
export function queueEvaluator(
  url: string,
  baseHw: HwConfig,
  loss: LossSetting,
  options: QueueEvaluatorOptions = {},
): CandidateEvaluator {
  const address = parseQueueUrl(url);
  const log = options.log ?? ((line: string) => console.error(line));
  const run = randomBytes(6).toString("hex");
  const sent = lossAsSent(loss, options.dataDir ?? ".");
  let queue: Queue | null = null;
  let events: QueueEvents | null = null;

  const open = async () => {
    await reach(address);
    const connection = connectionOf(address);
    queue = new Queue(QUEUE_NAME, {
      connection,
      defaultJobOptions: {
        removeOnComplete: { age: KEEP_COMPLETED_S },
        removeOnFail: { age: KEEP_FAILED_S },
      },
    });
    events = new QueueEvents(QUEUE_NAME, { connection });
    queue.setMaxListeners(0); // each job waited for listens to the queue's closing
    queue.on("error", errorReporter(log, "search queue"));
    events.on("error", errorReporter(log, "search queue events"));
    // the events must be listened to before any job can finish (waitUntilFinished needs it)
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
    const workers = await queue.getWorkersCount();
    if (workers === 0)
      log(
        `no worker takes ${QUEUE_NAME} at ${address.shown} yet: the search waits for one (autorac worker --queue ${address.shown}, of this version of autorac)`,
      );
    return { queue, events };
  };
  let opened: ReturnType<typeof open> | null = null;

  return {
    evaluate: async (candidate: Candidate) => {
      opened ??= open();
      const { queue, events } = await opened;
      const task: EvaluationTask = { candidate, baseHw, loss: sent };
      const job = await queue.add("evaluate", task, { jobId: jobIdOf(run, candidate) });
      try {
        return (await job.waitUntilFinished(events)) as Measured;
      } catch (error) {
        throw new Error(
          `the evaluation of ${candidate.model.name} (job ${job.id}) failed on a worker: ${(error as Error).message}`,
        );
      }
    },
    close: async () => {
      if (opened === null) return;
      await opened.catch(() => undefined); // a failed open is reported by evaluate
      await Promise.all([queue?.close(), events?.close()]);
    },
  };
}

/** The loss as a job carries it: its files named relative to the data directory. */
function lossAsSent(loss: LossSetting, dataDir: string): LossSetting {
  if (loss === "proxy") return loss;
  const synthetic = syntheticLayoutOf(loss.data) !== null;
  return {
    ...loss,
    checkpoint: nameUnder(loss.checkpoint, dataDir, "--supernet"),
    data: synthetic ? loss.data : nameUnder(loss.data, dataDir, "--data"),
    ...(loss.userProfile !== undefined && {
      userProfile: nameUnder(loss.userProfile, dataDir, "--user-profile"),
    }),
  };
}

/** BullMQ refuses ':' in ids and the key is long: a hash of it names the job. */
function jobIdOf(run: string, candidate: Candidate): string {
  return `${run}.${createHash("sha256").update(candidateKey(candidate)).digest("hex").slice(0, 32)}`;
}

export interface QueueWorkerOptions {
  /** Evaluations at once; above 1 they run on as many worker threads. */
  concurrency?: number;
  /** One line per thing done; default stdout. */
  log?: (line: string) => void;
  /** How a task is evaluated (tests slow it down, to kill a worker mid-evaluation). */
  evaluate?: (task: EvaluationTask) => Promise<Measured>;
  /** How long a job stays locked without a sign of life from its worker (BullMQ's lockDuration; default 30 s). */
  lockDurationMs?: number;
  /** How often this worker looks for jobs whose worker died (BullMQ's stalledInterval; default 30 s). */
  stalledIntervalMs?: number;
  /** The directories a job's files are named under (data-dirs.ts); none: only jobs that read no file. */
  dataDirs?: readonly string[];
}

export interface QueueWorker {
  /** Finishes the jobs in hand, then disconnects. */
  close: () => Promise<void>;
}

/**
 * A worker for `autorac search --queue`: takes evaluation jobs until closed.
 * A worker that dies mid-evaluation loses nothing: its lock lapses after
 * lockDurationMs and another worker's stalled-job check puts the job back.
 */
export async function runQueueWorker(
  url: string,
  options: QueueWorkerOptions = {},
): Promise<QueueWorker> {
  const address = parseQueueUrl(url);
  const concurrency = options.concurrency ?? 1;
  if (!(Number.isInteger(concurrency) && concurrency >= 1))
    throw new InputError(`--concurrency ${concurrency}: expected an integer >= 1`);
  const log = options.log ?? ((line: string) => console.log(line));
  await reach(address);
  const pool = options.evaluate === undefined && concurrency > 1 ? threadPool(concurrency) : null;
  const evaluate =
    options.evaluate ??
    (pool !== null
      ? (task: EvaluationTask) => pool.run(task) as Promise<Measured>
      : (task: EvaluationTask) => evaluateCandidate(task));

  const dataDirs = checkDataDirs(options.dataDirs ?? []);
  const worker = new Worker<unknown, Measured>(
    QUEUE_NAME,
    async (job: Job<unknown, Measured>) => {
      const start = performance.now();
      // checked before anything runs; a refusal names the JSON path and the rule
      const task = checkedTask(job.data, dataDirs);
      let measured: Measured;
      try {
        measured = await evaluate(task);
      } catch (error) {
        // the reason goes back to whoever added the job (Redis keeps it): never a file's
        // content, which an error reading a data file may quote; the details stay in this log
        log(`job ${job.id}: ${(error as Error).stack ?? String(error)}`);
        throw new Error(
          `evaluation failed on worker ${process.pid} (${(error as Error).name}); its log has the details`,
        );
      }
      const ms = performance.now() - start;
      log(`evaluated ${task.candidate.model.name} (job ${job.id}) in ${ms.toFixed(0)} ms`);
      return measured;
    },
    {
      connection: connectionOf(address),
      concurrency,
      maxStalledCount: MAX_STALLS,
      ...(options.lockDurationMs !== undefined && { lockDuration: options.lockDurationMs }),
      ...(options.stalledIntervalMs !== undefined && {
        stalledInterval: options.stalledIntervalMs,
      }),
    },
  );
  worker.on("error", errorReporter(log, "worker"));
  worker.on("stalled", (jobId) => log(`job ${jobId} lost its worker: back in the queue`));
  worker.on("failed", (job, error) => log(`job ${job?.id ?? "?"} failed: ${error.message}`));
  await worker.waitUntilReady();
  log(
    `autorac worker ${process.pid}: taking evaluations from ${address.shown} (queue ${QUEUE_NAME}, ${concurrency} at once)`,
  );
  return {
    close: async () => {
      await worker.close();
      await pool?.destroy();
      log(`autorac worker ${process.pid}: stopped`);
    },
  };
}
