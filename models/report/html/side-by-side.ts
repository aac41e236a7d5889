import type { TopLevelSpec } from "vega-lite";

/** The spec of one panel of a faceted chart (what Vega-Lite's facet repeats). */
type Panel = Extract<TopLevelSpec, { facet: unknown }>["spec"];

/**
 * One chart per value of `field`, side by side in `order`, each with its own
 * x scale (the values of different metrics share no range): the layout of
 * the ablation's waterfall, table 3's gains and the overlap switches.
 */
export function sideBySide(
  rows: object[],
  field: string,
  order: string[],
  panel: Panel,
): TopLevelSpec {
  return {
    data: { values: rows },
    facet: { column: { field, type: "nominal", title: null, sort: order } },
    resolve: { scale: { x: "independent" } },
    spec: panel,
  } as TopLevelSpec;
}
