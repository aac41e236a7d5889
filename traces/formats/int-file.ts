import { closeSync, fstatSync, readSync } from "node:fs";
import { openForReading } from "../../sim/io/open-file";
import { InputError } from "../../sim/kernel/input-error";

export type IntType = "int64" | "int32" | "uint64";

const BLOCK = 4096;

/**
 * A file of little-endian integers read by index through a small block
 * cache, so files far larger than memory can be read in any order.
 * Values above 2^53 cannot be represented exactly and are refused.
 */
export class IntFile {
  readonly length: number;
  private readonly fd: number;
  private readonly bytes: number;
  private readonly cache = new Map<number, Buffer>();

  constructor(
    readonly path: string,
    readonly type: IntType,
  ) {
    this.fd = openForReading(path);
    this.bytes = type === "int32" ? 4 : 8;
    const size = fstatSync(this.fd).size;
    if (size % this.bytes !== 0) {
      throw new InputError(
        `${path}: ${size} bytes is not a whole number of ${type} values (${this.bytes} bytes each)`,
      );
    }
    this.length = size / this.bytes;
  }

  get(index: number): number {
    if (index < 0 || index >= this.length) {
      throw new InputError(
        `${this.path}: value ${index} requested, but the file holds ${this.length}`,
      );
    }
    const block = Math.floor(index / BLOCK);
    let buffer = this.cache.get(block);
    if (buffer === undefined) {
      if (this.cache.size >= 64) this.cache.delete(this.cache.keys().next().value!); // oldest block out
      buffer = Buffer.alloc(BLOCK * this.bytes);
      readSync(this.fd, buffer, 0, buffer.length, block * BLOCK * this.bytes);
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
    closeSync(this.fd);
  }
}
