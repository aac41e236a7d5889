import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { resolve } from "node:path";

/**
 * What the queue tests share: Redis (scripts/redis-server.sh, on a free
 * loopback port) and workers run in child processes whose output lines are
 * kept. Without redis-server those tests are skipped, saying so, unless CI
 * is set: then they fail.
 */
export const REPO = resolve(__dirname, "../../..");
export const redisInstalled = spawnSync("redis-server", ["--version"]).status === 0;
export const inCi = !["", "0", "false", undefined].includes(process.env.CI);
if (!redisInstalled && !inCi)
  console.warn(
    "the queue tests (queue.test.ts, queue-hostile.test.ts) do not run: redis-server is not installed (scripts/redis-server.sh install)",
  );

/** A loopback port nothing listens on (free when asked; a race with other programs is unlikely). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address !== null ? done(address.port) : fail(),
      );
    });
  });
}

/** A child process whose output lines are kept, and can be waited for. */
export class Child {
  readonly lines: string[] = [];
  readonly process: ChildProcess;
  private readonly waiting: { pattern: RegExp; done: (line: string) => void }[] = [];
  readonly exited: Promise<number | null>;

  constructor(command: string, args: string[], onLine?: (line: string, child: Child) => void) {
    this.process = spawn(command, args, { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] });
    this.exited = new Promise((done) => this.process.on("exit", (code) => done(code)));
    let rest = "";
    const read = (chunk: Buffer) => {
      const parts = (rest + chunk.toString()).split("\n");
      rest = parts.pop()!;
      for (const line of parts) {
        this.lines.push(line);
        onLine?.(line, this);
        for (const w of this.waiting.filter((w) => w.pattern.test(line))) {
          this.waiting.splice(this.waiting.indexOf(w), 1);
          w.done(line);
        }
      }
    };
    this.process.stdout!.on("data", read);
    this.process.stderr!.on("data", read);
  }

  waitFor(pattern: RegExp): Promise<string> {
    const seen = this.lines.find((line) => pattern.test(line));
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((done) => this.waiting.push({ pattern, done }));
  }

  stop(): void {
    if (this.process.exitCode === null && this.process.signalCode === null)
      this.process.kill("SIGKILL");
  }
}

/** Redis on a free loopback port, ready; stop it with `.stop()`. */
export async function startRedis(): Promise<{ redis: Child; url: string }> {
  const port = await freePort();
  const redis = new Child("bash", ["scripts/redis-server.sh", "start", "--port", `${port}`]);
  await redis.waitFor(/Ready to accept connections/);
  return { redis, url: `redis://127.0.0.1:${port}` };
}
