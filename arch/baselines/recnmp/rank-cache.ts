/** Geometry of one RankCache. */
export interface RankCacheGeometry {
  sizeBytes: number;
  ways: number;
  lineBytes: number;
}

/** No line in a way. */
const EMPTY = -1;
/** A line whose data is already in the cache (filled by an earlier batch). */
export const FILLED = -1;

/**
 * A set-associative LRU cache of 64 B lines in a rank-NMP (RecNMP's
 * RankCache). Lines are keyed by their index among the rank's lines; the set
 * is that index modulo the set count. Each line carries a fill tag: which
 * miss of the current batch is bringing its data (FILLED once it is there),
 * so that a hit on a line still in flight waits for that miss.
 */
export class RankCache {
  readonly sets: number;
  private readonly ways: number;
  private readonly tags: Float64Array;
  private readonly lastUse: Float64Array;
  private readonly fillTags: Float64Array;
  private clock = 0;

  constructor(geometry: RankCacheGeometry) {
    const { sizeBytes, ways, lineBytes } = geometry;
    const sets = sizeBytes / (lineBytes * ways);
    if (!(Number.isInteger(sets) && sets >= 1)) {
      throw new Error(
        `rankCache: sizeBytes (${sizeBytes}) must be a positive multiple of lineBytes x ways ` +
          `(${lineBytes} x ${ways})`,
      );
    }
    this.sets = sets;
    this.ways = ways;
    this.tags = new Float64Array(sets * ways).fill(EMPTY);
    this.lastUse = new Float64Array(sets * ways);
    this.fillTags = new Float64Array(sets * ways).fill(FILLED);
  }

  /** On a hit, marks the line most recently used and returns its fill tag; on a miss, undefined. */
  lookup(line: number): number | undefined {
    const base = (line % this.sets) * this.ways;
    for (let way = base; way < base + this.ways; way++) {
      if (this.tags[way] === line) {
        this.lastUse[way] = ++this.clock;
        return this.fillTags[way]!;
      }
    }
    return undefined;
  }

  /** Inserts `line` in its set's least recently used (or empty) way. */
  insert(line: number, fillTag: number): void {
    const base = (line % this.sets) * this.ways;
    let victim = base;
    for (let way = base; way < base + this.ways; way++) {
      if (this.tags[way] === EMPTY) {
        victim = way;
        break;
      }
      if (this.lastUse[way]! < this.lastUse[victim]!) victim = way;
    }
    this.tags[victim] = line;
    this.lastUse[victim] = ++this.clock;
    this.fillTags[victim] = fillTag;
  }

  /** Marks every line's data as present (the batch whose misses filled them is over). */
  settleFills(): void {
    this.fillTags.fill(FILLED);
  }
}
