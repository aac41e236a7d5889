import { AtomicFile } from "../io/atomic-file";
import type { Cycles } from "./time";

/** One entry of the Chrome / Perfetto trace-event JSON format. */
export interface TraceEvent {
  name: string;
  ph: "X" | "M";
  pid: number;
  tid?: number;
  /** Start, in microseconds (the format's unit). */
  ts?: number;
  /** Duration, in microseconds. */
  dur?: number;
  cat?: string;
  args?: Record<string, unknown>;
}

export interface TimelineOptions {
  /** Length of one cycle in ns, to place cycles on the trace's time axis;
   * 1 (the default) shows cycle n at n ns. */
  nsPerCycle?: number;
  /** Busy intervals kept at most; later ones are counted as dropped, so a
   * long run cannot exhaust memory. */
  maxEvents?: number;
  /** Name of the process row in the viewer. */
  processName?: string;
}

const PID = 1;

/**
 * Records busy intervals as trace-event "complete" (ph "X") events, one
 * track (tid) per component, for chrome://tracing or ui.perfetto.dev.
 * The simulator holds one only when asked to; components test for null
 * before recording, so a run without a timeline pays one branch.
 */
export class TimelineRecorder {
  readonly nsPerCycle: number;
  readonly maxEvents: number;
  readonly processName: string;
  private readonly tracks = new Map<string, number>();
  private readonly events: TraceEvent[] = [];
  dropped = 0;

  constructor(options: TimelineOptions = {}) {
    this.nsPerCycle = options.nsPerCycle ?? 1;
    this.maxEvents = options.maxEvents ?? 1_000_000;
    this.processName = options.processName ?? "autorac";
    if (!(this.nsPerCycle > 0))
      throw new RangeError(`nsPerCycle must be > 0; got ${this.nsPerCycle}`);
  }

  /** The track id for a component path, created on first use. */
  track(path: string): number {
    let tid = this.tracks.get(path);
    if (tid === undefined) {
      tid = this.tracks.size + 1;
      this.tracks.set(path, tid);
    }
    return tid;
  }

  /** A busy interval [startCycle, endCycle) on a track. */
  complete(
    tid: number,
    name: string,
    startCycle: Cycles,
    endCycle: Cycles,
    args?: Record<string, unknown>,
  ): void {
    if (endCycle < startCycle) {
      throw new RangeError(
        `timeline interval '${name}' ends (${endCycle}) before it starts (${startCycle})`,
      );
    }
    if (this.events.length >= this.maxEvents) {
      this.dropped++;
      return;
    }
    const usPerCycle = this.nsPerCycle / 1000;
    const event: TraceEvent = {
      name,
      ph: "X",
      pid: PID,
      tid,
      ts: startCycle * usPerCycle,
      dur: (endCycle - startCycle) * usPerCycle,
    };
    if (args !== undefined) event.args = args;
    this.events.push(event);
  }

  get eventCount(): number {
    return this.events.length;
  }

  /** Metadata naming the process and each track, then the intervals. */
  traceEvents(): TraceEvent[] {
    const meta: TraceEvent[] = [
      { name: "process_name", ph: "M", pid: PID, args: { name: this.processName } },
    ];
    for (const [path, tid] of this.tracks) {
      meta.push({ name: "thread_name", ph: "M", pid: PID, tid, args: { name: path } });
      meta.push({ name: "thread_sort_index", ph: "M", pid: PID, tid, args: { sort_index: tid } });
    }
    return meta.concat(this.events);
  }

  toJSON(): {
    traceEvents: TraceEvent[];
    displayTimeUnit: "ns";
    otherData: Record<string, unknown>;
  } {
    return {
      traceEvents: this.traceEvents(),
      displayTimeUnit: "ns",
      otherData: { nsPerCycle: this.nsPerCycle, droppedEvents: this.dropped },
    };
  }

  /**
   * Writes the trace to `path`, one event per line so that no single string
   * holds the whole file; it goes to a temporary file first and is renamed
   * into place, so an interrupted write never leaves half a file.
   */
  write(path: string): void {
    const file = new AtomicFile(path);
    try {
      const other = JSON.stringify({ nsPerCycle: this.nsPerCycle, droppedEvents: this.dropped });
      file.write(`{"displayTimeUnit":"ns","otherData":${other},"traceEvents":[\n`);
      const all = this.traceEvents();
      for (let i = 0; i < all.length; i++) {
        file.write(JSON.stringify(all[i]) + (i + 1 < all.length ? ",\n" : "\n"));
      }
      file.write("]}\n");
      file.commit();
    } catch (error) {
      file.abort();
      throw error;
    }
  }
}
