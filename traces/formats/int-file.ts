import { InputError } from "../../sim/kernel/input-error";
import { traceFileOf, type BytePass, type TraceInput } from "../trace-file";

export type IntType = "int64" | "int32" | "uint64";

const BLOCK = 4096;

/**
 * A file of little-endian integers read by index through a small block
 * cache, so files far larger than memory can be read in any order.
 * Values above 2^53 cannot be represented exactly and are refused. A pipe
 * must have been copied to a file first (trace-file.ts, spool).
 */
export class IntFile {
  readonly length: number;
  readonly path: string;
  private readonly pass: BytePass;
  private readonly bytes: number;
  private readonly cache = new Map<number, Buffer>();

  constructor(
    input: TraceInput,
    readonly type: IntType,
  ) {
    const file = traceFileOf(input);
    this.path = file.name;
    this.pass = file.open();
    this.bytes = type === "int32" ? 4 : 8;
    const size = this.pass.size;
    if (size === null) {
      this.pass.close();
      throw new InputError(
        `${this.path}: a pipe or device: ${type} values are read in any order, from a file`,
      );
    }
    if (size % this.bytes !== 0) {
      this.pass.close();
      throw new InputError(
        `${this.path}: ${size} bytes is not a whole number of ${type} values (${this.bytes} bytes each)`,
      );
    }
    this.length = size / this.bytes;
  }

  get(index: number): number {
    if (!(Number.isSafeInteger(index) && index >= 0 && index < this.length)) {
      throw new InputError(
        `${this.path}: value ${index} requested, but the file holds ${this.length}`,
      );
    }
    const block = Math.floor(index / BLOCK);
    let buffer = this.cache.get(block);
    if (buffer === undefined) {
      if (this.cache.size >= 64) this.cache.delete(this.cache.keys().next().value!); // oldest block out
      buffer = Buffer.alloc(BLOCK * this.bytes);
      this.pass.readAt(buffer, block * BLOCK * this.bytes);
      this.cache.set(block, buffer);
    }
    const at = (index % BLOCK) * this.bytes;
    if (this.type === "int32") return buffer.readInt32LE(at);
    const big = this.type === "int64" ? buffer.readBigInt64LE(at) : buffer.readBigUInt64LE(at);
    if (big > BigInt(Number.MAX_SAFE_INTEGER) || big < -BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new InputError(
        `${this.path}: value ${index} = ${big} exceeds 2^53 and cannot be used exactly`,
      );
    }
    return Number(big);
  }

  close(): void {
    this.pass.close();
  }
}
