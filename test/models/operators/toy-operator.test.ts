import { exactArithmetic } from "../../../models/functional/arithmetic";
import { evaluateModel } from "../../../models/functional/evaluate";
import { ModelValues } from "../../../models/functional/model-values";
import {
  layerShift,
  quantiseDense,
  relu,
  requantise,
} from "../../../models/functional/quantisation";
import { modelInfo } from "../../../models/inspect/model-info";
import { compileModel } from "../../../models/mapping/compile";
import type { Algebra } from "../../../models/operators/algebra";
import type {
  LayerDecl,
  OperatorKind,
  OperatorSpec,
  Widths,
} from "../../../models/operators/operator-kind";
import { registerOperator, unregisterOperator } from "../../../models/operators/registry";
import { simulate } from "../../../models/simulate";
import { analyseModel } from "../../../models/spec/model-graph";
import { parseModelSpec } from "../../../models/spec/model-schema";
import type { ModelSpec } from "../../../models/spec/model-spec";
import { ALL_OVERLAPS } from "../../../arch/chip/overlap-switches";
import { buildHardware } from "../../../arch/config/hardware";
import { defaultHwConfig } from "../../../arch/config/hw-config";
import { InputError } from "../../../sim/kernel/input-error";

/**
 * A new operator kind, defined here and nowhere else: a bottleneck, the
 * dense input through Linear(n -> d / 2), ReLU, then Linear(d / 2 -> d),
 * ReLU. Registering it is all it takes for the spec schema, the shapes, the
 * mapping onto the chip, the chip run, the functional model and model info
 * to know it.
 */
const half = (spec: OperatorSpec) => spec.dim! / 2;
const layers = (spec: OperatorSpec, input: Widths): [LayerDecl, LayerDecl] => {
  const common = { alongRows: false, relu: true, weightBits: spec.weightBits } as const;
  return [
    { name: "bottleneck.a", inputs: input.width, outputs: half(spec), reads: "dense", ...common },
    { name: "bottleneck.b", inputs: half(spec), outputs: spec.dim!, reads: "internal", ...common },
  ];
};
const bottleneck: OperatorKind = {
  kind: "bottleneck",
  slot: "dense",
  title: "BN",
  description: "Linear(n -> d/2), ReLU, Linear(d/2 -> d), ReLU",
  schema: {
    type: "object",
    additionalProperties: false,
    required: ["op", "dim", "weightBits"],
    properties: {
      op: { type: "string" },
      dim: { type: "integer", minimum: 2 },
      weightBits: { type: "integer", enum: [4, 8] },
    },
  },
  shape(spec, _input, _e, at) {
    if (spec.dim! % 2 !== 0)
      throw new InputError(`${at}: dense.dim = ${spec.dim}: expected an even width`);
    return { width: spec.dim! };
  },
  supernetLayers: (spec, input) => layers(spec, input),
  forward<D, S>(
    alg: Algebra<D, S>,
    spec: OperatorSpec,
    inputs: { dense: D },
    input: Widths,
    name: string,
  ) {
    const [a, b] = layers(spec, input);
    const mid = alg.linear(`${name}.${a.name}`, a, inputs.dense);
    return { dense: alg.linear(`${name}.${b.name}`, b, mid) };
  },
  bufferValues: (spec, input) => input.width + half(spec) + spec.dim!,
  searchable: false,
  proxy: { weights: (spec, input) => input.width * half(spec) + half(spec) * spec.dim! },
};

/** Criteo's 13 dense and 26 sparse features; one block: the bottleneck to 8, EFC to 4 rows. */
const toySpec = (dim = 8): ModelSpec => ({
  name: "toy",
  dataset: "criteo",
  embeddingDim: 16,
  blocks: [
    {
      dense: { op: "bottleneck", dim, weightBits: 8 },
      sparse: { op: "efc", dim: 4, weightBits: 8 },
      inputs: [0],
    },
  ],
  final: { weightBits: 8 },
});

describe("an operator kind registered from one file", () => {
  it("is unknown until registered, with the known kinds named", () => {
    expect(() => parseModelSpec(toySpec(), "toy.json")).toThrow(
      'toy.json: /blocks/0/dense/op = "bottleneck": expected one of "fc", "dp"',
    );
    expect(() => analyseModel(toySpec())).toThrow(
      'unknown dense operator "bottleneck": expected one of "fc", "dp"',
    );
  });

  describe("once registered", () => {
    beforeAll(() => registerOperator(bottleneck));
    afterAll(() => unregisterOperator(bottleneck));

    it("passes the spec schema and its own shape rule", () => {
      expect(parseModelSpec(toySpec(), "toy.json").blocks[0]!.dense.op).toBe("bottleneck");
      expect(() =>
        parseModelSpec(
          {
            ...toySpec(),
            blocks: [
              { ...toySpec().blocks[0]!, dense: { op: "bottleneck", dim: 8, weightBits: 8, x: 1 } },
            ],
          },
          "t",
        ),
      ).toThrow("/blocks/0/dense/x: unknown key");
      expect(analyseModel(toySpec()).blocks[0]!.denseOut).toBe(8);
      expect(() => analyseModel(toySpec(7))).toThrow(
        'model "toy": block 0 (bottleneck): dense.dim = 7: expected an even width',
      );
    });

    it("counts as NASRec counts: each Linear's weights and biases, its MACs", () => {
      const info = modelInfo(toySpec());
      // EFC 26 -> 4 rows on 16 elements; bottleneck 13 -> 4 -> 8; final 8 + 4 x 16 = 72 -> 1
      expect(info.layers.map((l) => [l.name, l.params, l.flopsPerSample])).toEqual([
        ["block0.efc", 26 * 4 + 4, 26 * 4 * 16],
        ["block0.bottleneck.a", 13 * 4 + 4, 13 * 4],
        ["block0.bottleneck.b", 4 * 8 + 8, 4 * 8],
        ["final", 72 + 1, 72],
      ]);
      expect(info.flopsPerSample).toBe(1664 + 52 + 32 + 72);
    });

    it("compiles onto MVM engines, one MVM per layer", () => {
      const hw = buildHardware(defaultHwConfig());
      const program = compileModel(analyseModel(toySpec()), hw, {
        switches: ALL_OVERLAPS,
      });
      expect(
        program.layers.map((l) => `${l.name} ${l.inputs}->${l.outputs} x${l.vectorsPerInference}`),
      ).toEqual([
        "block0.efc 26->4 x16",
        "block0.bottleneck.a 13->4 x1",
        "block0.bottleneck.b 4->8 x1",
        "final 72->1 x1",
      ]);
      // 8-bit weights in 2-bit cells: 4 columns a weight; 4 and 8 outputs fit one 64 x 64 crossbar
      expect(program.layers[1]!.crossbars).toBe(1);
      expect(program.layers[2]!.crossbars).toBe(1);
      // the input move, 26 lookups, 16 EFC MVMs, the two bottleneck MVMs, the final MVM
      expect(program.operations).toHaveLength(1 + 26 + 16 + 2 + 1);
      const mvmOf = (name: string) => program.layers.find((l) => l.name === name)!.id;
      const b = program.operations.find(
        (o) => o.kind === "mvm" && o.layer === mvmOf("block0.bottleneck.b"),
      )!;
      const a = program.operations.findIndex(
        (o) => o.kind === "mvm" && o.layer === mvmOf("block0.bottleneck.a"),
      );
      expect(b.deps).toEqual([a]); // the second layer waits for the first
      expect(program.operators.map((o) => o.name)).toEqual([
        "block0.efc",
        "block0.bottleneck",
        "final",
      ]);
      // (13 + 4 + 8) activations of 8 bits
      expect(program.operators[1]!.bufferBytes).toBe(25);
    });

    it("runs on the chip and its outputs equal the integer reference through the crossbars", () => {
      const result = simulate({
        model: toySpec(),
        requests: 12,
        functionalChecks: 3,
        compareNaive: false,
      });
      expect(result.design.completed).toBe(12);
      expect(result.functional).toMatchObject({ requests: 3, equal: 3 });
    });

    it("computes in integers what its two layers compute, written out by hand", () => {
      const graph = analyseModel(toySpec());
      const values = new ModelValues(3, 8);
      const dense = Array.from({ length: 13 }, (_, i) => i * 7);
      const rows = Array.from({ length: 26 }, (_, f) => [f % 5]);
      // by hand: the bottleneck on the quantised dense input, then the final layer
      const x = dense.map((v) => quantiseDense(v, 8));
      const layer = (name: string, input: number[], outputs: number, act: boolean) => {
        const w = values.layer(name, input.length, outputs, 8);
        const shift = layerShift(input.length, 8);
        return exactArithmetic.matvec(w, input, 8).map((s) => {
          const q = requantise(s, shift, 8);
          return act ? relu(q) : q;
        });
      };
      const mid = layer("block0.bottleneck.a", x, 4, true);
      const out = layer("block0.bottleneck.b", mid, 8, true);
      const embeddings = rows.map(([r], f) =>
        values.embedding(f, r!, 16).map((v) => requantise(v, 0, 8)),
      );
      const efc = Array.from({ length: 4 }, () => new Array<number>(16).fill(0));
      for (let d = 0; d < 16; d++) {
        layer(
          "block0.efc",
          embeddings.map((e) => e[d]!),
          4,
          true,
        ).forEach((v, i) => (efc[i]![d] = v));
      }
      const logit = layer("final", [...out, ...efc.flat()], 1, false)[0]!;
      expect(evaluateModel(graph, values, { dense, rows }, exactArithmetic).logit).toBe(logit);
    });
  });
});
