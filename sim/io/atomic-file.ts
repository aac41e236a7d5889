import { closeSync, openSync, renameSync, rmSync, writeSync } from "node:fs";

/**
 * The one way autorac writes a file: under a temporary name beside it
 * (`<path>.<pid>.tmp`), renamed into place by `commit`, so a reader never
 * sees half a file and an interrupted run never destroys the old one. The
 * temporary file is removed by `abort`, and by the process when it exits or
 * is stopped by SIGINT or SIGTERM before the commit (nothing is left behind).
 */
export class AtomicFile {
  readonly temporary: string;
  private fd: number | null;
  private pending = "";

  constructor(readonly path: string) {
    this.temporary = `${path}.${process.pid}.tmp`;
    this.fd = openSync(this.temporary, "w");
    unfinished.add(this);
    watchSignals();
  }

  /** Appends text (buffered: a long run of small writes costs few system calls) or bytes. */
  write(data: string | Uint8Array): void {
    const fd = this.open();
    if (typeof data === "string") {
      this.pending += data;
      if (this.pending.length > 1 << 20) this.flush();
      return;
    }
    this.flush();
    for (let done = 0; done < data.length; ) done += writeSync(fd, data, done);
  }

  /** Puts the file in place under its real name. */
  commit(): void {
    this.flush();
    closeSync(this.open());
    this.fd = null;
    renameSync(this.temporary, this.path);
    unfinished.delete(this);
  }

  /** Gives up: the temporary file is removed; the real name keeps what it had. */
  abort(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    rmSync(this.temporary, { force: true });
    unfinished.delete(this);
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    writeSync(this.open(), this.pending);
    this.pending = "";
  }

  private open(): number {
    if (this.fd === null) throw new Error(`${this.path}: written after commit or abort`);
    return this.fd;
  }
}

/** Writes `data` to `path` atomically; on any error nothing is left under either name. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const file = new AtomicFile(path);
  try {
    file.write(data);
    file.commit();
  } catch (error) {
    file.abort();
    throw error;
  }
}

/** Writes `value` as indented JSON (ending in a newline) to `path` atomically. */
export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, JSON.stringify(value, null, 2) + "\n");
}

/** Files opened and not yet committed or aborted, removed if the process ends first. */
const unfinished = new Set<AtomicFile>();
let watching = false;

function removeUnfinished(): void {
  for (const file of [...unfinished]) {
    try {
      file.abort();
    } catch {
      // the process is ending: remove what can be removed
    }
  }
}

/**
 * On SIGINT or SIGTERM: remove the temporary files, then end as the signal
 * would have (the handler is removed and the signal raised again), unless
 * someone else listens for it, who then decides. On a normal exit: remove
 * what was left unfinished.
 */
function watchSignals(): void {
  if (watching) return;
  watching = true;
  process.on("exit", removeUnfinished);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    const onSignal = (): void => {
      removeUnfinished();
      if (process.listenerCount(signal) > 1) return; // a command that handles it (the worker) stops itself
      process.off(signal, onSignal);
      process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}
