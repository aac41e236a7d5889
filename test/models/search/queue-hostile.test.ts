import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Queue, QueueEvents } from "bullmq";
import { defaultHwConfig } from "../../../arch/config/hw-config";
import { QUEUE_NAME } from "../../../models/search/queue";
import { randomHw, randomModel } from "../../../models/search/space";
import { saveCheckpoint } from "../../../models/supernet/checkpoint";
import { Supernet } from "../../../models/supernet/supernet";
import { datasetByName } from "../../../traces/datasets";
import { Rng } from "../../../sim/kernel/rng";
import { TINY_SPACE } from "../supernet/tiny-space";
import { Child, inCi, redisInstalled, startRedis } from "./redis-fixture";

/**
 * Jobs that whoever can write to the Redis queue might add, against a real
 * worker (a child process started with --data-dir DATA). The files outside
 * DATA are named pipes: opening one for reading blocks until a writer comes,
 * so a worker that opened one would never finish its job. Each job must
 * fail, promptly, with a reason that names the rule it broke and quotes no
 * file; a regular secret file's content must never come back.
 */
(redisInstalled || inCi ? describe : describe.skip)("a queue worker given hostile jobs", () => {
  const root = mkdtempSync(join(tmpdir(), "autorac-hostile-"));
  const data = join(root, "data");
  const outside = join(root, "outside");
  const children: Child[] = [];
  let queue: Queue;
  let events: QueueEvents;
  let worker: Child;

  const rng = new Rng(3).stream("candidate");
  const candidate = { model: randomModel(rng, "criteo", "hostile"), hw: randomHw(rng) };
  const supernetLoss = (checkpoint: string) => ({
    kind: "supernet",
    checkpoint,
    data: "synthetic",
    format: "criteo",
    batch: 16,
    finetuneSteps: 0,
    validationRows: 16,
    backend: "cpu",
  });
  const job = (loss: unknown) => ({ candidate, baseHw: defaultHwConfig(), loss });

  beforeAll(async () => {
    if (!redisInstalled)
      throw new Error("CI is set but redis-server is missing: run scripts/redis-server.sh install");
    mkdirSync(data);
    mkdirSync(outside);
    execFileSync("mkfifo", [join(outside, "pipe.json"), join(outside, "pipe.bin")]);
    writeFileSync(join(outside, "secret.json"), "TOPSECRET-7f3a not json at all");
    symlinkSync(join(outside, "pipe.json"), join(data, "link.json"));
    // a real checkpoint whose header names a weights file outside DATA
    const supernet = new Supernet({
      dataset: datasetByName("criteo"),
      space: TINY_SPACE,
      seed: 1,
    });
    saveCheckpoint(supernet, join(data, "evil.json"));
    const header = JSON.parse(readFileSync(join(data, "evil.json"), "utf8")) as {
      weights: { file: string };
    };
    header.weights.file = "../outside/pipe.bin";
    writeFileSync(join(data, "evil.json"), JSON.stringify(header));

    const { redis, url } = await startRedis();
    children.push(redis);
    const entry = "test/models/search/queue-worker-entry.ts";
    worker = new Child("node", ["test/run-ts.cjs", entry, url, "--data-dir", data]);
    children.push(worker);
    await worker.waitFor(/taking evaluations/);
    const connection = { host: "127.0.0.1", port: Number(new URL(url).port) };
    queue = new Queue(QUEUE_NAME, { connection });
    events = new QueueEvents(QUEUE_NAME, { connection });
    await events.waitUntilReady();
  }, 60_000);

  afterAll(async () => {
    await queue?.close();
    await events?.close();
    for (const child of children) child.stop();
    rmSync(root, { recursive: true, force: true });
  });

  /** The job's failure reason (it must fail, within the test's time). */
  async function reasonOf(payload: unknown): Promise<string> {
    const added = await queue.add("evaluate", payload, { attempts: 1 });
    try {
      await added.waitUntilFinished(events);
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error("the hostile job succeeded");
  }

  it.each([
    ["a malformed payload", { candidate: "x", extra: 1 }, /job payload: .*\/candidate/],
    ["no payload at all", null, /job payload/],
    ["an absolute path outside DATA", job(supernetLoss(join(outside, "pipe.json"))), /--data-dir/],
    ["a ../ path out of DATA", job(supernetLoss("../outside/pipe.json")), /--data-dir/],
    ["a link out of DATA", job(supernetLoss("link.json")), /--data-dir/],
    ["a secret file's path", job(supernetLoss(join(outside, "secret.json"))), /--data-dir/],
  ])(
    "refuses %s without opening anything",
    async (_what, payload, reason) => {
      const message = await reasonOf(payload);
      expect(message).toMatch(reason);
      expect(message).not.toContain("TOPSECRET");
    },
    30_000,
  );

  it("refuses a checkpoint whose weights file lies outside its directory", async () => {
    const message = await reasonOf(job(supernetLoss("evil.json")));
    // the reason says where to look, not what the worker read; the worker's log has the rule
    expect(message).toMatch(/evaluation failed on worker \d+ \(InputError\)/);
    await worker.waitFor(/evil\.json: \/weights\/file: expected the name of a file/);
  }, 60_000);

  it("still evaluates a well-formed job", async () => {
    const added = await queue.add("evaluate", job("proxy"));
    const measured = (await added.waitUntilFinished(events)) as { loss: number };
    expect(Number.isFinite(measured.loss)).toBe(true);
  }, 30_000);
});
