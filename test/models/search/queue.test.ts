import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultHwConfig } from "../../../arch/config/hw-config";
import { parseQueueUrl, queueEvaluator, runQueueWorker } from "../../../models/search/queue";
import { runSearch, type SearchOptions } from "../../../models/search/run-search";
import { randomHw, randomModel } from "../../../models/search/space";
import { Rng } from "../../../sim/kernel/rng";
import { InputError } from "../../../sim/kernel/input-error";
import { Child, freePort, inCi, redisInstalled } from "./redis-fixture";

/**
 * The search over Redis runs in this process; Redis (scripts/redis-server.sh,
 * on a free loopback port) and the two workers (queue-worker-entry.ts, through
 * test/run-ts.cjs: the sources, no build needed) run in child processes.
 * Without redis-server the queued search is skipped, saying so, unless CI is
 * set: then it fails.
 */
const baseHw = defaultHwConfig();
/** Small enough for a few seconds: 16 + 6 x 4 = 40 evaluations. */
const settings = (dir: string, name: string): SearchOptions => ({
  loss: "proxy",
  dataset: "criteo",
  seed: 11,
  population: 16,
  generations: 6,
  sample: 8,
  children: 4,
  mutations: 1,
  hwShare: 0.25,
  removal: "worst",
  baseHw,
  criterion: {},
  workers: 1,
  journal: join(dir, `${name}.jsonl`),
  resume: false,
  out: join(dir, name),
});

describe("parseQueueUrl", () => {
  it("reads host, port, database and password", () => {
    expect(parseQueueUrl("redis://127.0.0.1:6380")).toMatchObject({
      host: "127.0.0.1",
      port: 6380,
      db: 0,
      shown: "redis://127.0.0.1:6380",
    });
    const withPassword = parseQueueUrl("redis://:s%40cret@head.lan/2");
    expect(withPassword).toMatchObject({ host: "head.lan", port: 6379, db: 2, password: "s@cret" });
    expect(withPassword.shown).not.toContain("cret");
  });

  it.each([
    ["127.0.0.1:6379", /not a URL; expected redis:\/\/HOST:PORT/],
    ["http://127.0.0.1:6379", /the scheme is http:; expected redis:\/\/HOST:PORT/],
    ["redis://127.0.0.1:6379/queue", /the path \/queue is not a database number/],
    ["redis://127.0.0.1:6379?x=1", /no query or fragment/],
  ])("refuses %s", (url, message) => {
    expect(() => parseQueueUrl(url)).toThrow(InputError);
    expect(() => parseQueueUrl(url)).toThrow(message);
  });
});

describe("an unreachable Redis", () => {
  it("fails the search and the worker at once and plainly", async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const cannot = new RegExp(
      `cannot use Redis at ${url}: .*ECONNREFUSED.*scripts/redis-server.sh`,
    );
    const rng = new Rng(1).stream("candidate");
    const evaluator = queueEvaluator(url, baseHw, "proxy", { log: () => undefined });
    const candidate = { model: randomModel(rng, "criteo"), hw: randomHw(rng) };
    await expect(evaluator.evaluate(candidate)).rejects.toThrow(InputError);
    await expect(evaluator.evaluate(candidate)).rejects.toThrow(cannot);
    await evaluator.close();
    const dir = mkdtempSync(join(tmpdir(), "autorac-queue-"));
    try {
      const evaluate = queueEvaluator(url, baseHw, "proxy", { log: () => undefined });
      await expect(runSearch({ ...settings(dir, "search"), evaluator: evaluate })).rejects.toThrow(
        cannot,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await expect(runQueueWorker(url, { log: () => undefined })).rejects.toThrow(cannot);
  });
});

(redisInstalled || inCi ? describe : describe.skip)("a search over a BullMQ queue", () => {
  let dir: string;
  const children: Child[] = [];

  beforeAll(() => {
    if (!redisInstalled)
      throw new Error("CI is set but redis-server is missing: run scripts/redis-server.sh install");
    dir = mkdtempSync(join(tmpdir(), "autorac-queue-"));
  });
  afterAll(() => {
    for (const child of children) child.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it("equals the single-process search, though a worker is killed mid-evaluation", async () => {
    const single = await runSearch(settings(dir, "single"));

    const port = await freePort();
    const redis = new Child("bash", ["scripts/redis-server.sh", "start", "--port", `${port}`]);
    children.push(redis);
    await redis.waitFor(/Ready to accept connections/);
    const url = `redis://127.0.0.1:${port}`;
    const worker = (...args: string[]) => {
      const entry = "test/models/search/queue-worker-entry.ts";
      const child = new Child("node", ["test/run-ts.cjs", entry, url, ...args], (line, self) => {
        // the slow worker announces a job and sleeps: kill it right there
        if (line.startsWith("starting ")) self.process.kill("SIGKILL");
      });
      children.push(child);
      return child;
    };
    const survivor = worker();
    const victim = worker("--slow");
    await Promise.all([survivor, victim].map((w) => w.waitFor(/taking evaluations/)));

    const notices: string[] = [];
    const queued = await runSearch({
      ...settings(dir, "queued"),
      evaluator: queueEvaluator(url, baseHw, "proxy", { log: (line) => notices.push(line) }),
    });

    const killedOn = victim.lines.find((line) => line.startsWith("starting "));
    expect(killedOn).toBeDefined(); // the victim took a job and died on it
    expect(await victim.exited).toBeNull(); // killed by a signal
    const name = killedOn!.slice("starting ".length);
    expect(survivor.lines.some((line) => line.startsWith(`evaluated ${name} (job`))).toBe(true);
    expect(survivor.lines.some((line) => line.includes("lost its worker"))).toBe(true);
    // every distinct candidate computed once, all by the survivor
    const distinct = new Set(single.result.history.map((e) => e.key)).size;
    expect(survivor.lines.filter((line) => line.startsWith("evaluated ")).length).toBe(distinct);
    expect(notices).toEqual([]);

    expect(queued.result).toEqual(single.result);

    survivor.process.kill("SIGTERM");
    expect(await survivor.exited).toBe(0);
    expect(survivor.lines.at(-1)).toMatch(/stopped$/);
  }, 60_000);
});
