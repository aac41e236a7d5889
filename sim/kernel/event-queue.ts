import { Heap } from "heap-js";
import type { SimEvent } from "./event";
import type { Cycles } from "./time";

/** All pending events due at one cycle, kept in (priority, sequence) order. */
class CycleBucket {
  time: Cycles = 0;
  /** Its events are events[0, size); the array is never shortened (a shrink costs more than the
   * stale slots, which a reused bucket overwrites). */
  readonly events: SimEvent[] = [];
  size = 0;
  /** Index of the next event to fire; earlier entries have fired. */
  cursor = 0;
}

/** Slots of the direct-mapped index of buckets by cycle (a power of two). */
const NEAR_SLOTS = 4096;

/**
 * The future event list, ordered by (time, priority, sequence).
 *
 * Hardware models schedule many events at the same few cycles, so the queue
 * keeps one bucket per distinct cycle: a heap-js heap orders the buckets by
 * time, and within a bucket events sit in (priority, sequence) order. The heap
 * holds distinct times only, and an event at an already-known cycle costs a
 * lookup and an append. This is the same-cycle list in front of the heap that
 * SystemC's delta cycles use. A cycle's bucket is found through a
 * direct-mapped array (slot = cycle mod 4096), and through a Map for the rare
 * cycle whose slot another pending cycle holds.
 */
export class EventQueue {
  private readonly heap = new Heap<CycleBucket>((a, b) => a.time - b.time);
  private readonly near = new Array<CycleBucket | undefined>(NEAR_SLOTS).fill(undefined);
  private readonly byTime = new Map<Cycles, CycleBucket>();
  /** Emptied buckets, reused so a steady-state run allocates no buckets. */
  private readonly spare: CycleBucket[] = [];
  /** The bucket being drained; it stays findable so that events scheduled
   * for the current cycle join it. */
  private draining: CycleBucket | null = null;
  private nextSeq = 0;
  private count = 0;

  /** Number of pending events. */
  get size(): number {
    return this.count;
  }

  /** Adds `event` due at `time`. The caller checks `time` is not in the past. */
  insert(event: SimEvent, time: Cycles): void {
    event.time = time;
    event.seq = this.nextSeq++;
    event.pending = true;
    this.count++;
    let bucket = this.find(time);
    if (bucket === undefined) {
      bucket = this.spare.pop() ?? new CycleBucket();
      bucket.time = time;
      const slot = time & (NEAR_SLOTS - 1);
      if (this.near[slot] === undefined) this.near[slot] = bucket;
      else this.byTime.set(time, bucket);
      this.heap.add(bucket);
      bucket.events[bucket.size++] = event;
      return;
    }
    const events = bucket.events;
    const size = bucket.size;
    if (size === bucket.cursor || events[size - 1]!.priority <= event.priority) {
      events[bucket.size++] = event; // the common case: same or later priority band
      return;
    }
    // A more urgent band than the tail: insert after every event with a
    // priority <= this one (they were scheduled earlier, so sequence holds),
    // never before the cursor (those have fired).
    let at = size;
    while (at > bucket.cursor && events[at - 1]!.priority > event.priority) at--;
    for (let i = size; i > at; i--) events[i] = events[i - 1]!;
    events[at] = event;
    bucket.size++;
  }

  /** The bucket of a pending (or draining) cycle, if there is one. */
  private find(time: Cycles): CycleBucket | undefined {
    const candidate = this.near[time & (NEAR_SLOTS - 1)];
    if (candidate !== undefined && candidate.time === time) return candidate;
    return this.byTime.size === 0 ? undefined : this.byTime.get(time);
  }

  /** Removes a pending event; returns false if it was not pending. */
  remove(event: SimEvent): boolean {
    if (!event.pending) return false;
    const bucket = this.find(event.time);
    let at = bucket === undefined ? -1 : bucket.cursor;
    while (bucket !== undefined && at < bucket.size && bucket.events[at] !== event) at++;
    if (bucket === undefined || at >= bucket.size) {
      throw new Error(`event queue corrupt: pending event '${event.name}' not found`);
    }
    const events = bucket.events;
    for (let i = at + 1; i < bucket.size; i++) events[i - 1] = events[i]!;
    bucket.size--;
    event.pending = false;
    this.count--;
    return true;
  }

  /** Time of the earliest pending event, or undefined when none is pending. */
  peekTime(): Cycles | undefined {
    const d = this.draining;
    if (d !== null && d.cursor < d.size) return d.time;
    return this.nextBucket(Infinity, false)?.time;
  }

  /**
   * Removes and returns the earliest pending event if it is due before cycle
   * `before`; otherwise returns undefined and leaves the queue as it was.
   * Events come out in (time, priority, sequence) order.
   */
  pop(before: Cycles): SimEvent | undefined {
    let bucket: CycleBucket | undefined | null = this.draining;
    if (bucket === null || bucket.cursor >= bucket.size) {
      bucket = this.nextBucket(before, true);
      if (bucket === undefined) return undefined;
    } else if (bucket.time >= before) {
      return undefined;
    }
    const event = bucket.events[bucket.cursor++]!;
    event.pending = false;
    this.count--;
    return event;
  }

  /** The earliest non-empty bucket due before `before`; with `take`, it
   * leaves the heap and becomes the one being drained. */
  private nextBucket(before: Cycles, take: boolean): CycleBucket | undefined {
    this.retireDrained();
    while (true) {
      const top = this.heap.peek();
      if (top === undefined) return undefined;
      if (top.size === 0) {
        this.heap.pop(); // every event in it was cancelled
        this.recycle(top);
        continue;
      }
      if (top.time >= before) return undefined;
      if (take) {
        this.heap.pop();
        this.draining = top;
      }
      return top;
    }
  }

  private retireDrained(): void {
    const d = this.draining;
    if (d !== null && d.cursor >= d.size) {
      this.draining = null;
      this.recycle(d);
    }
  }

  private recycle(bucket: CycleBucket): void {
    const slot = bucket.time & (NEAR_SLOTS - 1);
    if (this.near[slot] === bucket) this.near[slot] = undefined;
    else this.byTime.delete(bucket.time);
    bucket.size = 0;
    bucket.cursor = 0;
    this.spare.push(bucket);
  }
}
