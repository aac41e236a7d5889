import {
  closeSync,
  fstatSync,
  mkdtempSync,
  openSync,
  readSync,
  rmdirSync,
  unlinkSync,
  writeSync,
  type Stats,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isatty } from "node:tty";
import { openForReading } from "../sim/io/open-file";
import { InputError } from "../sim/kernel/input-error";

/**
 * A trace file as the readers see it: the name the user gave (every message
 * names it) and passes over its bytes from the start.
 *
 * - A regular file is opened afresh for each pass, so a replay can read it
 *   several times (a profile pass, a probe, the run, the naive run).
 * - A pipe, FIFO or device (`cat t.jsonl | autorac replay --trace
 *   /dev/stdin`) can be read only once. With `spool`, it is copied once into
 *   a temporary file that is unlinked as soon as it is created (nothing is
 *   left on disk, however the process ends) and every pass reads that copy,
 *   up to `spool.maxBytes`. Without `spool`, one pass is allowed (the
 *   commands that read a trace once) and a second one is refused.
 * - A directory is refused by name.
 */
export interface TraceFile {
  readonly name: string;
  /** The bytes, from the first; a second pass over an unspooled pipe is refused. */
  open(): BytePass;
}

/** One pass over a file's bytes. */
export interface BytePass {
  /** Bytes in the file, when known before reading (a regular or a spooled file). */
  readonly size: number | null;
  /** The next bytes of the pass into `buffer`; 0 at the end. */
  read(buffer: Buffer): number;
  /** Bytes at `position` into `buffer`, for random access (not on an unspooled pipe). */
  readAt(buffer: Buffer, position: number): number;
  close(): void;
}

export interface SpoolOptions {
  /** The most bytes copied from a pipe before giving up. */
  maxBytes: number;
  /** Sees each chunk as it is copied and throws an InputError at the first sign of a bad file (a line too long). */
  check?: (chunk: Buffer) => void;
  /** The flag that raises maxBytes, named in the error. */
  flag?: string;
}

/** The default spool limit: 1 GiB. */
export const DEFAULT_SPOOL_BYTES = 1 << 30;

/** A path or an opened trace file, as the readers take them. */
export type TraceInput = string | TraceFile;

/** `input` as a TraceFile: a path is opened without spooling. */
export function traceFileOf(input: TraceInput): TraceFile {
  return typeof input === "string" ? openTraceFile(input) : input;
}

/**
 * Opens `path` for the readers: see TraceFile. /dev/stdin is read from file
 * descriptor 0 (a pipe, or a socket, which cannot be opened by name).
 */
export function openTraceFile(path: string, spool?: SpoolOptions): TraceFile {
  const stdin = path === "/dev/stdin";
  if (stdin && isatty(0)) {
    throw new InputError(`${path}: the standard input is a terminal: pipe a trace into it`);
  }
  const fd = stdin ? 0 : openForReading(path);
  const release = () => {
    if (!stdin) closeSync(fd);
  };
  const stat = statOf(fd, path, release);
  if (stat.isDirectory()) {
    release();
    throw new InputError(`${path}: is a directory: expected a trace file`);
  }
  if (stat.isFile()) {
    if (stdin) return { name: path, open: () => new Pass(path, 0, stat.size, true, () => {}) };
    release();
    return regularFile(path);
  }
  if (spool === undefined) return readOnce(path, fd, release);
  try {
    return spooled(path, fd, spool);
  } finally {
    release();
  }
}

function statOf(fd: number, path: string, release: () => void): Stats {
  try {
    return fstatSync(fd);
  } catch (error) {
    release();
    throw new InputError(`${path}: cannot read (${(error as NodeJS.ErrnoException).code})`);
  }
}

function regularFile(path: string): TraceFile {
  return {
    name: path,
    open: () => {
      const fd = openForReading(path);
      const stat = statOf(fd, path, () => closeSync(fd));
      if (stat.isDirectory()) {
        closeSync(fd);
        throw new InputError(`${path}: is a directory: expected a trace file`);
      }
      return new Pass(path, fd, stat.isFile() ? stat.size : null, true, () => closeSync(fd));
    },
  };
}

function readOnce(path: string, fd: number, release: () => void): TraceFile {
  let opened = false;
  return {
    name: path,
    open: () => {
      if (opened) {
        throw new InputError(
          `${path}: a pipe or device can be read only once, and this command needs it again: save it to a file first`,
        );
      }
      opened = true;
      return new Pass(path, fd, null, false, release);
    },
  };
}

/** Copies the stream `from` into an unlinked temporary file; every pass reads the copy. */
function spooled(path: string, from: number, options: SpoolOptions): TraceFile {
  const dir = mkdtempSync(join(tmpdir(), "autorac-spool-"));
  const file = join(dir, "trace");
  const fd = openSync(file, "wx+", 0o600);
  try {
    unlinkSync(file);
    rmdirSync(dir);
  } catch {
    // a system that cannot unlink an open file (Windows): removed when the process exits
    process.once("exit", () => {
      closeSync(fd);
      unlinkSync(file);
      rmdirSync(dir);
    });
  }
  let size = 0;
  const buffer = Buffer.alloc(1 << 20);
  const source = new Pass(path, from, null, false, () => undefined);
  try {
    for (let n = source.read(buffer); n > 0; n = source.read(buffer)) {
      const chunk = buffer.subarray(0, n);
      options.check?.(chunk);
      if (size + n > options.maxBytes) {
        throw new InputError(
          `${path}: a pipe or device is copied to a temporary file to be read more than once, and this one is longer than ${mib(options.maxBytes)}: ` +
            `save it to a file${options.flag === undefined ? "" : `, or raise ${options.flag}`}`,
        );
      }
      for (let done = 0; done < n; ) done += writeSync(fd, chunk, done, n - done, size + done);
      size += n;
    }
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  return { name: path, open: () => new Pass(path, fd, size, true, () => undefined) };
}

function mib(bytes: number): string {
  return `${+(bytes / (1 << 20)).toFixed(3)} MiB`;
}

class Pass implements BytePass {
  private position = 0;

  constructor(
    private readonly name: string,
    private readonly fd: number,
    readonly size: number | null,
    private readonly seekable: boolean,
    private readonly onClose: () => void,
  ) {}

  read(buffer: Buffer): number {
    const n = this.readSync(buffer, this.seekable ? this.position : null);
    this.position += n;
    return n;
  }

  readAt(buffer: Buffer, position: number): number {
    if (!this.seekable) throw new Error(`${this.name}: random access to a pipe`);
    return this.readSync(buffer, position);
  }

  close(): void {
    this.onClose();
  }

  private readSync(buffer: Buffer, position: number | null): number {
    for (;;) {
      try {
        return readSync(this.fd, buffer, 0, buffer.length, position);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "EAGAIN") continue; // a non-blocking pipe with nothing yet: try again
        throw new InputError(`${this.name}: cannot read (${code ?? String(error)})`);
      }
    }
  }
}
