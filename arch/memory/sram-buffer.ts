import { Component } from "../../sim/kernel/component";
import { Resource } from "../../sim/kernel/resource";
import type { Simulator } from "../../sim/kernel/simulator";
import { Counter } from "../../sim/kernel/stats";
import type { Cycles } from "../../sim/kernel/time";
import type { Waitable } from "../../sim/kernel/waitable";
import type { Hardware } from "../config/hardware";

/**
 * A tile's SRAM data buffer (CACTI figures at 32 nm): an access moves one
 * bus word and takes one buffer cycle on one port; a transfer of n bits
 * takes ceil(n / bus) accesses. With p ports, p accesses proceed at once;
 * more wait their turn (first come, first served), which is the contention
 * the timeline and the `ports.waitCycles` statistic show.
 */
export function bufferWords(bits: number, busBits: number): number {
  return Math.ceil(bits / busBits);
}

export function bufferTransferCycles(hw: Hardware, bits: number): Cycles {
  return bufferWords(bits, hw.config.buffer.busBits) * hw.cycles.bufferAccess;
}

export function bufferEnergyPj(hw: Hardware, readBits: number, writeBits: number): number {
  const bus = hw.config.buffer.busBits;
  return (
    bufferWords(readBits, bus) * hw.buffer.readEnergyPj +
    bufferWords(writeBits, bus) * hw.buffer.writeEnergyPj
  );
}

/** Leakage over `cycles`, in pJ (mW x ns). */
export function bufferLeakagePj(hw: Hardware, cycles: Cycles): number {
  return hw.buffer.leakageMw * cycles * hw.nsPerCycle;
}

export class SramBuffer extends Component {
  readonly ports: Resource;
  readonly readWords: Counter;
  readonly writeWords: Counter;
  readonly energyPj: Counter;

  constructor(
    parent: Component | Simulator,
    name: string,
    private readonly hw: Hardware,
  ) {
    super(parent, name);
    this.ports = new Resource(this, "ports", { capacity: hw.config.buffer.ports });
    this.readWords = this.stats.add("readWords", new Counter("words", "Bus words read"));
    this.writeWords = this.stats.add("writeWords", new Counter("words", "Bus words written"));
    this.energyPj = this.stats.add("energyPj", new Counter("pJ", "Dynamic access energy"));
  }

  /** Reads `bits`; ready (with the cycle) when the last word is out. */
  read(bits: number): Waitable<number> {
    return this.transfer(bits, "read");
  }

  /** Writes `bits`; ready (with the cycle) when the last word is in. */
  write(bits: number): Waitable<number> {
    return this.transfer(bits, "write");
  }

  private transfer(bits: number, kind: "read" | "write"): Waitable<number> {
    const words = bufferWords(bits, this.hw.config.buffer.busBits);
    const energyPj =
      words * (kind === "read" ? this.hw.buffer.readEnergyPj : this.hw.buffer.writeEnergyPj);
    return {
      onReady: (resume) => {
        this.ports.acquire().onReady((port) => {
          const start = this.sim.now;
          this.sim.after(words * this.hw.cycles.bufferAccess, () => {
            this.ports.release(port);
            (kind === "read" ? this.readWords : this.writeWords).add(words);
            this.energyPj.add(energyPj);
            this.recordBusy(kind, start, this.sim.now, { words, port });
            resume(this.sim.now);
          });
        });
      },
    };
  }
}
