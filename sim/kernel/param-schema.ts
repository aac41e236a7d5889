import { flagOf, paramLeaves, range, type LeafParam, type ParamDecls } from "./params";

/**
 * A declaration's JSON Schema (the subset ajv reads in strict mode): an
 * object per group that refuses unknown keys and defaults to {}, and per
 * leaf its type, range or choices, default and description (with the unit).
 */
export function paramsJsonSchema(
  decls: ParamDecls,
  root: { $id?: string; title?: string } = {},
): Record<string, unknown> {
  return { ...root, ...objectSchema(decls) };
}

function objectSchema(decls: ParamDecls): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(decls)) {
    properties[key] =
      spec.kind === "group"
        ? { ...objectSchema(spec.params), default: {}, description: spec.description }
        : leafSchema(spec);
  }
  return { type: "object", additionalProperties: false, required: [], properties };
}

function leafSchema(spec: LeafParam): Record<string, unknown> {
  const description = spec.unit ? `${spec.description} [${spec.unit}]` : spec.description;
  const common = { default: spec.default, description };
  switch (spec.kind) {
    case "integer":
    case "number":
      return {
        type: spec.kind,
        ...(spec.min !== undefined && { minimum: spec.min }),
        ...(spec.kind === "number" && spec.above !== undefined && { exclusiveMinimum: spec.above }),
        ...(spec.max !== undefined && { maximum: spec.max }),
        ...common,
      };
    case "nullableInteger":
      return { type: ["integer", "null"], minimum: spec.min, maximum: spec.max, ...common };
    case "boolean":
      return { type: "boolean", ...common };
    case "choice":
      return { type: "string", enum: spec.choices, ...common };
    case "integerChoice":
      return { type: "integer", enum: spec.choices, ...common };
  }
}

/** One line per parameter (dotted keys for nested ones), for `--help`, reports and docs. */
export function describeParams(decls: ParamDecls): string[] {
  return paramLeaves(decls).map(({ keys, spec }) => {
    const unit = spec.unit ? ` ${spec.unit}` : "";
    return `${keys.join(".")}: ${spec.description}${choicesOf(spec)} [default ${String(spec.default)}${unit}]`;
  });
}

/** " (a|b)" for a choice, "" otherwise. */
function choicesOf(spec: LeafParam): string {
  return spec.kind === "choice" || spec.kind === "integerChoice"
    ? ` (${spec.choices.join("|")})`
    : "";
}

/** What values a leaf takes, in words: "one of 16, 32, 64", "an integer in [1, 16]", "true or false". */
export function allowedValues(spec: LeafParam): string {
  switch (spec.kind) {
    case "integer":
    case "number":
      return `${spec.kind === "integer" ? "an integer" : "a number"}${range(spec)}`;
    case "nullableInteger":
      return `null (${spec.nullMeans}) or an integer in [${spec.min}, ${spec.max}]`;
    case "boolean":
      return "true or false";
    case "choice":
    case "integerChoice":
      return `one of ${spec.choices.join(", ")}`;
  }
}

/** A Markdown table of a declaration: key, flag, meaning, unit, default, allowed values. */
export function paramsMarkdownTable(decls: ParamDecls): string {
  const rows = paramLeaves(decls).map(({ keys, spec }) => {
    const cells = [
      `\`${keys.join(".")}\``,
      `\`--${flagOf(keys[keys.length - 1]!, spec)}\``,
      spec.description.replace(/\|/g, "\\|"),
      spec.unit || "-",
      `\`${JSON.stringify(spec.default)}\``,
      allowedValues(spec),
    ];
    return `| ${cells.join(" | ")} |`;
  });
  return [
    "| key | flag | meaning | unit | default | values |",
    "| --- | --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}
