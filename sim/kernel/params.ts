import { InputError } from "./input-error";

/**
 * Typed component parameters, declared once with default, unit and
 * description. The one declaration drives validation of user input, the
 * resolved-config dump, JSON Schema and `--help` text.
 */

interface ParamBase<T> {
  readonly default: T;
  readonly description: string;
  /** Unit of the value ("cycles", "entries", "units", ...); "" when unitless. */
  readonly unit: string;
}

export interface IntegerParam extends ParamBase<number> {
  readonly kind: "integer";
  readonly min?: number;
  readonly max?: number;
}

export interface NumberParam extends ParamBase<number> {
  readonly kind: "number";
  readonly min?: number;
  readonly max?: number;
}

export interface BooleanParam extends ParamBase<boolean> {
  readonly kind: "boolean";
}

export interface ChoiceParam<T extends string> extends ParamBase<T> {
  readonly kind: "choice";
  readonly choices: readonly T[];
}

export type ParamSpec = IntegerParam | NumberParam | BooleanParam | ChoiceParam<string>;
export type ParamDecls = Readonly<Record<string, ParamSpec>>;

/** The resolved values of a declaration: `{ capacity: number, mode: "a" | "b" }`. */
export type ParamValues<D extends ParamDecls> = { readonly [K in keyof D]: D[K]["default"] };

/** Given values: any subset, checked at run time. */
export type ParamInput<D extends ParamDecls> = { readonly [K in keyof D]?: D[K]["default"] };

type Options<P> = Omit<P, "kind">;

/** Builders that keep the literal types of choices. */
export const param = {
  integer: (o: Options<IntegerParam>): IntegerParam => ({ kind: "integer", ...o }),
  number: (o: Options<NumberParam>): NumberParam => ({ kind: "number", ...o }),
  boolean: (o: Options<BooleanParam>): BooleanParam => ({ kind: "boolean", ...o }),
  choice: <T extends string>(o: Options<ChoiceParam<T>>): ChoiceParam<T> => ({
    kind: "choice",
    ...o,
  }),
};

/** A bad parameter: names the component path and the key. */
export class ParamError extends InputError {
  override name = "ParamError";
}

/**
 * Fills defaults into `given` and checks every value. An unknown key, a value
 * of the wrong type or out of range is refused with the component path, the
 * key, the value and what was expected.
 */
export function resolveParams<D extends ParamDecls>(
  decls: D,
  given: Readonly<Record<string, unknown>> | undefined,
  where: string,
): ParamValues<D> {
  const input = given ?? {};
  for (const key of Object.keys(input)) {
    if (!Object.hasOwn(decls, key)) {
      const known = Object.keys(decls).join(", ") || "none";
      throw new ParamError(`${where}: unknown parameter '${key}' (known: ${known})`);
    }
  }
  const resolved: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(decls)) {
    const value = input[key] === undefined ? spec.default : input[key];
    const problem = check(spec, value);
    if (problem !== null) {
      throw new ParamError(`${where}.${key} = ${JSON.stringify(value)}: expected ${problem}`);
    }
    resolved[key] = value;
  }
  return resolved as ParamValues<D>;
}

function check(spec: ParamSpec, value: unknown): string | null {
  switch (spec.kind) {
    case "integer":
    case "number": {
      const integer = spec.kind === "integer";
      const what = `${integer ? "an integer" : "a number"}${range(spec)}${spec.unit ? ` (${spec.unit})` : ""}`;
      if (typeof value !== "number" || !Number.isFinite(value)) return what;
      if (integer && !Number.isSafeInteger(value)) return what;
      if (spec.min !== undefined && value < spec.min) return what;
      if (spec.max !== undefined && value > spec.max) return what;
      return null;
    }
    case "boolean":
      return typeof value === "boolean" ? null : "true or false";
    case "choice":
      return typeof value === "string" && spec.choices.includes(value)
        ? null
        : `one of ${spec.choices.map((c) => JSON.stringify(c)).join(", ")}`;
  }
}

function range(spec: IntegerParam | NumberParam): string {
  if (spec.min !== undefined && spec.max !== undefined) return ` in [${spec.min}, ${spec.max}]`;
  if (spec.min !== undefined) return ` >= ${spec.min}`;
  if (spec.max !== undefined) return ` <= ${spec.max}`;
  return "";
}

/** A JSON Schema (draft 2020-12 subset, as ajv reads it) for the declaration. */
export function paramsJsonSchema(decls: ParamDecls): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(decls)) {
    const description = spec.unit ? `${spec.description} [${spec.unit}]` : spec.description;
    const common = { description, default: spec.default };
    switch (spec.kind) {
      case "integer":
      case "number":
        properties[key] = {
          type: spec.kind,
          ...common,
          ...(spec.min !== undefined && { minimum: spec.min }),
          ...(spec.max !== undefined && { maximum: spec.max }),
        };
        break;
      case "boolean":
        properties[key] = { type: "boolean", ...common };
        break;
      case "choice":
        properties[key] = { type: "string", enum: spec.choices, ...common };
        break;
    }
  }
  return { type: "object", additionalProperties: false, properties };
}

/** One line per parameter, for `--help` and reports. */
export function describeParams(decls: ParamDecls): string[] {
  return Object.entries(decls).map(([key, spec]) => {
    const unit = spec.unit ? ` ${spec.unit}` : "";
    const choices = spec.kind === "choice" ? ` (${spec.choices.join("|")})` : "";
    return `${key}: ${spec.description}${choices} [default ${String(spec.default)}${unit}]`;
  });
}
