import { operationCosts } from "../../../arch/chip/op-costs";
import { ALL_OVERLAPS } from "../../../arch/chip/overlap-switches";
import { buildHardware } from "../../../arch/config/hardware";
import { defaultHwConfig } from "../../../arch/config/hw-config";
import { compileCompact } from "../../../models/mapping/compile";
import { staticSchedule } from "../../../models/mapping/static-schedule";
import { Oracle } from "../../../models/search/oracle";
import { analyseModel } from "../../../models/spec/model-graph";
import { zooModel } from "../../../models/zoo";

/**
 * A DP engine serves one request from its first job to its last, so once a
 * request's jobs queue up its hold is its gang writes (every copy at once)
 * plus its streams dealt round by round onto its copies: m w + ceil(n / k) s,
 * not its busy time over its copies, m w + n s / k.
 */
describe("a replicated session engine's hold", () => {
  const hw = buildHardware(defaultHwConfig());
  const graph = analyseModel(zooModel("dlrm-criteo"));
  const { program, compact } = compileCompact(graph, hw, { switches: ALL_OVERLAPS });
  const costs = operationCosts(program, hw);
  const jobs = (kind: string) =>
    program.operations.flatMap((o, i) => (o.kind === kind ? [costs[i]!.computeCycles] : []));

  it("is m w + ceil(n / k) s for DLRM's replicated DP engine", () => {
    expect(program.dpEngines).toHaveLength(1);
    const k = program.dpEngines[0]!.copies;
    const writes = jobs("dpWrite");
    const streams = jobs("dpStream");
    expect(k).toBeGreaterThan(1);
    expect(new Set(writes).size).toBe(1); // m writes of w cycles, n streams of s cycles
    expect(new Set(streams).size).toBe(1);
    const [m, w, n, s] = [writes.length, writes[0]!, streams.length, streams[0]!];
    expect(n % k).not.toBe(0); // the streams do not divide evenly: the rounds show
    const schedule = staticSchedule(program, hw, graph.embeddingDim, compact);
    expect(schedule.sessionHoldCycles).toBe(m * w + Math.ceil(n / k) * s);
    expect(schedule.bottleneckCycles).toBeCloseTo(m * w + (n * s) / k, 9);
    // the oracle's throughput is one request per hold (1 GHz: cycles are ns)
    const oracle = new Oracle().evaluate(zooModel("dlrm-criteo"), defaultHwConfig());
    expect(oracle.throughput).toBeCloseTo(1e9 / (m * w + Math.ceil(n / k) * s), 6);
  });
});
