import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultHwConfig } from "../../../arch/config/hw-config";
import { localEvaluator, type CandidateEvaluator } from "../../../models/search/evaluators";
import type { EvolutionResult } from "../../../models/search/evolution";
import { JOURNAL_FORMAT } from "../../../models/search/journal";
import { runSearch, type SearchOptions } from "../../../models/search/run-search";
import { candidateKey } from "../../../models/search/space";
import { InputError } from "../../../sim/kernel/input-error";

/**
 * The search journal: a killed search, run again with `resume`, continues
 * to the result of an uninterrupted run without evaluating again what it
 * had finished; a journal that does not fit is refused.
 */

const baseHw = defaultHwConfig();
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "autorac-journal-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let runs = 0;
function options(over: Partial<SearchOptions> = {}): SearchOptions {
  const out = join(dir, `out${runs++}`);
  return {
    loss: "proxy",
    dataset: "criteo",
    seed: 3,
    population: 12,
    generations: 5,
    sample: 6,
    children: 3,
    mutations: "nasrec",
    hwShare: 0.25,
    removal: "worst",
    baseHw,
    criterion: {},
    workers: 1,
    journal: join(out, "journal.jsonl"),
    resume: false,
    out,
    ...over,
  };
}

/** The local evaluator, counting what it is asked to evaluate. */
function counting(keys: string[]): CandidateEvaluator {
  const local = localEvaluator(baseHw, "proxy");
  return {
    evaluate: (c) => {
      keys.push(candidateKey(c));
      return local(c);
    },
    close: () => Promise.resolve(),
  };
}

const summary = (r: EvolutionResult) => ({
  history: r.history.map((e) => [e.key, e.generation, e.loss, e.criterion, e.metrics]),
  bestByGeneration: r.bestByGeneration,
  best: [r.best.key, r.best.criterion],
  top: r.top.map((e) => e.key),
  pareto: r.pareto.map((e) => e.key),
});

const lines = (path: string) => readFileSync(path, "utf8").split("\n");

/** The journal's records (after the header), each line parsed; throws on a line that does not parse. */
function records(path: string): { key: string; loss: number }[] {
  const text = readFileSync(path, "utf8");
  expect(text.endsWith("\n")).toBe(true);
  const all = text.slice(0, -1).split("\n");
  expect(JSON.parse(all[0]!).format).toBe(JOURNAL_FORMAT);
  const unparsable = all.flatMap((line, i) => {
    try {
      JSON.parse(line);
      return [];
    } catch {
      return [`line ${i + 1} does not parse: ${line.slice(0, 40)}...${line.slice(-40)}`];
    }
  });
  expect(unparsable).toEqual([]);
  return all.slice(1).map((line) => JSON.parse(line) as { key: string; loss: number });
}

describe("the search journal", () => {
  let reference: EvolutionResult;
  let referenceJournal: string;
  let referenceKeys: string[];

  beforeAll(async () => {
    const evaluated: string[] = [];
    const o = options({ evaluator: counting(evaluated) });
    const outcome = await runSearch(o);
    reference = outcome.result;
    referenceJournal = o.journal;
    referenceKeys = records(o.journal).map((r) => r.key);
    expect(outcome.resumed).toBe(0);
    // an uninterrupted run journals every evaluation it made, once, in order
    expect(referenceKeys).toEqual(evaluated);
  }, 30_000);

  it("journals each distinct candidate of the history exactly once", () => {
    expect(new Set(referenceKeys).size).toBe(referenceKeys.length);
    expect(new Set(referenceKeys)).toEqual(new Set(reference.history.map((e) => e.key)));
  });

  /**
   * Kills the reference run after its first `k` complete lines (header
   * included) and half of the next one, then resumes.
   */
  async function killAndResume(k: number, cut: "half" | "none" | "no-newline") {
    const o = options({ resume: true });
    const text = lines(referenceJournal);
    let kept = text.slice(0, k).join("\n") + "\n";
    if (cut === "half") kept += text[k]!.slice(0, Math.floor(text[k]!.length / 2));
    if (cut === "no-newline") kept = kept.slice(0, -1);
    mkdirSync(o.out, { recursive: true });
    writeFileSync(o.journal, kept);
    const evaluated: string[] = [];
    const outcome = await runSearch({ ...o, evaluator: counting(evaluated) });
    return { outcome, evaluated, journal: o.journal };
  }

  it.each([1, 2, 10, 20])(
    "resumes after a kill during line %i + 1 to the uninterrupted result",
    async (k) => {
      const { outcome, evaluated, journal } = await killAndResume(k, "half");
      // (i) the same run
      expect(summary(outcome.result)).toEqual(summary(reference));
      // (ii) the k - 1 finished evaluations came from the journal, none was evaluated again
      expect(outcome.resumed).toBe(k - 1);
      const finished = referenceKeys.slice(0, k - 1);
      expect(evaluated.filter((key) => finished.includes(key))).toEqual([]);
      expect(evaluated).toEqual(referenceKeys.slice(k - 1));
      // (iii) afterwards each evaluation is in the journal once, every line parses
      const after = records(journal).map((r) => r.key);
      expect(after).toHaveLength(referenceKeys.length);
      expect(new Set(after)).toEqual(new Set(referenceKeys));
      expect(lines(journal)[0]).toBe(lines(referenceJournal)[0]);
    },
    30_000,
  );

  it("resumes a finished journal without evaluating anything", async () => {
    const all = referenceKeys.length + 1;
    const { outcome, evaluated, journal } = await killAndResume(all, "none");
    expect(summary(outcome.result)).toEqual(summary(reference));
    expect(outcome.resumed).toBe(referenceKeys.length);
    expect(evaluated).toEqual([]);
    expect(readFileSync(journal, "utf8")).toBe(readFileSync(referenceJournal, "utf8"));
  });

  it("resumes a journal whose last record lost only its newline", async () => {
    // Killed between the record and its end-of-line: the record is whole and
    // counts, and what is appended next must start on a line of its own.
    const k = 8;
    const { outcome, evaluated, journal } = await killAndResume(k, "no-newline");
    expect(summary(outcome.result)).toEqual(summary(reference));
    expect(outcome.resumed).toBe(k - 1);
    expect(evaluated).toEqual(referenceKeys.slice(k - 1));
    const after = records(journal).map((r) => r.key);
    expect(new Set(after)).toEqual(new Set(referenceKeys));
    expect(after).toHaveLength(referenceKeys.length);
  });

  it("starts afresh when asked to resume a journal that does not exist", async () => {
    const outcome = await runSearch(options({ resume: true }));
    expect(outcome.resumed).toBe(0);
    expect(summary(outcome.result)).toEqual(summary(reference));
  });

  it("refuses to resume a journal written with other settings, naming the file", async () => {
    const o = options({ resume: true, seed: 4 });
    mkdirSync(o.out, { recursive: true });
    copyFileSync(referenceJournal, o.journal);
    const before = readFileSync(o.journal, "utf8");
    const run = runSearch(o);
    await expect(run).rejects.toThrow(InputError);
    await expect(run).rejects.toThrow(`${o.journal}:1`);
    await expect(run).rejects.toThrow(/other settings/);
    expect(readFileSync(o.journal, "utf8")).toBe(before);
  });

  it("refuses a different base chip or criterion just as a different seed", async () => {
    for (const over of [
      { baseHw: { ...baseHw, clockMhz: baseHw.clockMhz * 2 } },
      { criterion: { lambdaArea: 0.5 } },
      { hwShare: 0.5 },
    ] as Partial<SearchOptions>[]) {
      const o = options({ resume: true, ...over });
      mkdirSync(o.out, { recursive: true });
      copyFileSync(referenceJournal, o.journal);
      await expect(runSearch(o)).rejects.toThrow(o.journal);
    }
  });

  it("refuses to start a fresh run over an existing journal, leaving it untouched", async () => {
    const o = options({ resume: false });
    mkdirSync(o.out, { recursive: true });
    copyFileSync(referenceJournal, o.journal);
    const run = runSearch(o);
    await expect(run).rejects.toThrow(InputError);
    await expect(run).rejects.toThrow(o.journal);
    await expect(run).rejects.toThrow(/exists already/);
    expect(readFileSync(o.journal, "utf8")).toBe(readFileSync(referenceJournal, "utf8"));
  });

  it("refuses a journal damaged before its last line, naming the line", async () => {
    const o = options({ resume: true });
    mkdirSync(o.out, { recursive: true });
    const text = lines(referenceJournal);
    text[4] = text[4]!.slice(0, 20); // line 5 cut short, the lines after it whole
    writeFileSync(o.journal, text.join("\n"));
    const before = readFileSync(o.journal, "utf8");
    const run = runSearch(o);
    await expect(run).rejects.toThrow(InputError);
    await expect(run).rejects.toThrow(`${o.journal}:5`);
    expect(readFileSync(o.journal, "utf8")).toBe(before);
  });

  it("evaluates and journals a candidate that appears twice in one batch once", async () => {
    // Hardware mutations only: a parent has 2 + 1 + 1 + 2 = 6 neighbours, so
    // 8 children per generation must repeat (evolve accepts a repeat after 32
    // draws that all hit seen candidates), and the 7th and 8th child are in
    // one batch. Each candidate must still be evaluated, and journaled, once.
    const evaluated: string[] = [];
    const o = options({
      population: 4,
      sample: 4,
      generations: 2,
      children: 8,
      mutations: 1,
      hwShare: 1,
      evaluator: counting(evaluated),
    });
    const { result } = await runSearch(o);
    const distinct = new Set(result.history.map((e) => e.key)).size;
    expect(distinct).toBeLessThan(result.history.length); // the case arises
    // [evaluations made, records journaled]
    expect([evaluated.length, records(o.journal).length]).toEqual([distinct, distinct]);
  });
});
