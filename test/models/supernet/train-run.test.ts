import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import yargs from "yargs";
import { currentBackend, selectBackend } from "../../../models/supernet/backend";
import { runTraining, type TrainRunOptions } from "../../../models/supernet/train-run";
import { CRITEO_FIELD_NAMES } from "../../../models/data/criteo";
import { trainCommand } from "../../../cli/commands/train";
import { InputError } from "../../../sim/kernel/input-error";
import { TEST_BACKEND } from "./test-backend";
import { TINY_SPACE as tiny } from "./tiny-space";

jest.setTimeout(300_000);

const dir = mkdtempSync(join(tmpdir(), "autorac-train-"));

function options(overrides: Partial<TrainRunOptions> = {}): TrainRunOptions {
  return {
    data: "synthetic",
    format: "criteo",
    syntheticRows: 512,
    epochs: 1,
    batch: 64,
    seed: 1,
    space: tiny,
    backend: TEST_BACKEND,
    learningRate: 0.05,
    validationRows: 256,
    standalone: false,
    finetuneSteps: 2,
    ...overrides,
  };
}

describe("runTraining", () => {
  it("trains on synthetic rows, reports log loss and AUC, checkpoints and resumes", async () => {
    const checkpoint = join(dir, "synthetic.json");
    const first = await runTraining(options({ checkpoint }));
    expect(first.backend).toBe(currentBackend());
    expect(first.steps).toBe(8); // 512 rows / 64
    expect(Number.isFinite(first.validation.logLoss)).toBe(true);
    expect(first.validation.auc).toBeGreaterThanOrEqual(0);
    expect(first.validation.rows).toBe(256);
    expect(existsSync(join(dir, "synthetic.bin"))).toBe(true);
    const resumed = await runTraining(options({ resume: checkpoint, epochs: 2, steps: 12 }));
    expect(resumed.steps).toBe(12);
    expect(resumed.stepsThisRun).toBe(4);
  });

  it("reads a Criteo file in the sample's CSV layout", async () => {
    const file = join(dir, "criteo_sample.txt");
    const row = (i: number) =>
      [
        String(i % 3 === 0 ? 1 : 0),
        ...Array.from({ length: 13 }, (_, k) => String((i * k) % 17)),
        ...Array.from({ length: 26 }, (_, k) =>
          ((i * 31 + k * 7) % 97).toString(16).padStart(8, "0"),
        ),
      ].join(",");
    writeFileSync(
      file,
      [CRITEO_FIELD_NAMES.join(","), ...Array.from({ length: 300 }, (_, i) => row(i))].join("\n"),
    );
    const result = await runTraining(
      options({
        data: file,
        tableCap: 100,
        space: { ...tiny, embeddingDim: 4 },
        validationRows: 1000,
      }),
    );
    expect(result.dataset).toBe("criteo");
    expect(result.validation.rows).toBe(30); // 10 % of 300
    expect(result.steps).toBe(4); // 240 training rows / 64, rounded up
  });

  it("refuses validation rows of one label before training (AUC would be NaN)", async () => {
    const file = join(dir, "no_clicks.txt");
    const row = (i: number) => [
      "0",
      ...Array.from({ length: 13 }, (_, k) => String((i + k) % 5)),
      ...Array(26).fill("a1"),
    ];
    writeFileSync(
      file,
      [
        CRITEO_FIELD_NAMES.join(","),
        ...Array.from({ length: 100 }, (_, i) => row(i).join(",")),
      ].join("\n"),
    );
    await expect(
      runTraining(options({ data: file, tableCap: 10, checkpoint: join(dir, "never.json") })),
    ).rejects.toThrow(/the 10 validation rows are all non-clicks \(label 0\): AUC is undefined/);
    expect(existsSync(join(dir, "never.json"))).toBe(false); // refused before any work
  });

  it("refuses a missing file and bad counts as input errors", async () => {
    await expect(runTraining(options({ data: join(dir, "none.txt") }))).rejects.toThrow(
      /none\.txt: no such file/,
    );
    await expect(runTraining(options({ batch: 0 }))).rejects.toThrow(InputError);
  });
});

describe("selectBackend", () => {
  afterAll(async () => {
    await selectBackend(TEST_BACKEND);
  });

  it("runs the CPU backend when asked, and refuses tfjs-node when it is not installed", async () => {
    expect(await selectBackend("cpu")).toBe("cpu");
    let installed = true;
    try {
      require.resolve("@tensorflow/tfjs-node");
    } catch {
      installed = false;
    }
    if (!installed) {
      await expect(selectBackend("node")).rejects.toThrow("@tensorflow/tfjs-node is not installed");
    }
  });
});

describe("autorac train", () => {
  it("prints the backend, then the validation log loss and AUC (or one JSON object)", async () => {
    const lines: string[] = [];
    const log = jest
      .spyOn(console, "log")
      .mockImplementation((...a: unknown[]) => void lines.push(a.join(" ")));
    try {
      await yargs([
        "train",
        "--rows",
        "512",
        "--batch",
        "128",
        "--epochs",
        "2",
        "--backend",
        TEST_BACKEND,
        "--validation-rows",
        "256",
        "--json",
      ])
        .command(trainCommand)
        .strict()
        .parseAsync();
    } finally {
      log.mockRestore();
    }
    const result = JSON.parse(lines.join("\n")) as Record<string, unknown>;
    expect(result).toMatchObject({ steps: 8, subnet: "largest-dp", dataset: "synthetic" });
    expect(result.validation).toMatchObject({ rows: 256 });
    expect((result.config as { space: { name: string } }).space.name).toBe("small");
  });
});
