import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

/**
 * A Vega-Lite chart rendered to static SVG in Node: no DOM, no canvas, no
 * network (the data is inline). Vega-Lite was chosen over hand-drawn SVG for
 * the report because its declarative specs cover every chart it needs
 * (histograms, stacked areas, heat maps, Gantt bars, scatter plots) with
 * axes, legends and scales done right, and its SVG names every mark
 * (`g.mark-rect`, `g.mark-line`, `g.mark-symbol`), which the browser test
 * counts.
 */
export async function vegaLiteSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(withDefaults(spec)).spec), {
    renderer: "none",
    // no loader: a spec that asks for a URL fails instead of fetching it
    loader: { load: () => Promise.reject(new Error("report charts carry their data inline")) },
  } as unknown as vega.ViewOptions);
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

function withDefaults(spec: TopLevelSpec): TopLevelSpec {
  return {
    ...spec,
    config: {
      font: "system-ui, sans-serif",
      view: { stroke: "#ccc" },
      axis: { labelFontSize: 11, titleFontSize: 12 },
      ...spec.config,
    },
  } as TopLevelSpec;
}
