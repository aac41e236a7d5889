import { InputError } from "./input-error";

/**
 * Typed parameters, declared once with default, unit and description. The
 * one declaration gives the TypeScript type of the values (ParamValues), the
 * validation of user input, the JSON Schema (param-schema.ts), the command
 * line's flags and `--help`, the resolved-config dump and the docs. Kernel
 * components declare flat lists; a configuration (the hardware's) nests
 * them in groups.
 */

interface ParamBase<T> {
  readonly default: T;
  readonly description: string;
  /** Unit of the value ("cycles", "MHz", "bits", ...); "" when unitless. */
  readonly unit: string;
  /** The command-line flag, when it is not the key in kebab case. */
  readonly flag?: string;
}

export interface IntegerParam extends ParamBase<number> {
  readonly kind: "integer";
  readonly min?: number;
  readonly max?: number;
}

/** An integer or null; `nullMeans` says what null stands for. */
export interface NullableIntegerParam extends ParamBase<number | null> {
  readonly kind: "nullableInteger";
  readonly min: number;
  readonly max: number;
  readonly nullMeans: string;
}

export interface NumberParam extends ParamBase<number> {
  readonly kind: "number";
  readonly min?: number;
  /** The value must be strictly greater than this. */
  readonly above?: number;
  readonly max?: number;
}

export interface BooleanParam extends ParamBase<boolean> {
  readonly kind: "boolean";
}

export interface ChoiceParam<T extends string> extends ParamBase<T> {
  readonly kind: "choice";
  readonly choices: readonly T[];
}

/** One of a set of integers (crossbar sizes, converter resolutions). */
export interface IntegerChoiceParam extends ParamBase<number> {
  readonly kind: "integerChoice";
  readonly choices: readonly number[];
  /** The values a design-space search draws from, when it searches this parameter. */
  readonly searched?: readonly number[];
}

/** A named group of parameters, a JSON object in the configuration. */
export interface GroupParam<D extends ParamDecls = ParamDecls> {
  readonly kind: "group";
  readonly description: string;
  readonly params: D;
}

export type LeafParam =
  | IntegerParam
  | NullableIntegerParam
  | NumberParam
  | BooleanParam
  | ChoiceParam<string>
  | IntegerChoiceParam;
export type ParamSpec = LeafParam | GroupParam;
export type ParamDecls = Readonly<Record<string, ParamSpec>>;

/** The resolved values of a declaration: `{ capacity: number, mode: "a" | "b", group: {...} }`. */
export type ParamValues<D extends ParamDecls> = {
  -readonly [K in keyof D]: D[K] extends GroupParam<infer G>
    ? ParamValues<G>
    : D[K] extends LeafParam
      ? D[K]["default"]
      : never;
};

/** Given values: any subset, checked at run time. */
export type ParamInput<D extends ParamDecls> = {
  readonly [K in keyof D]?: D[K] extends GroupParam<infer G>
    ? ParamInput<G>
    : D[K] extends LeafParam
      ? D[K]["default"]
      : never;
};

type Options<P> = Omit<P, "kind">;

/** Builders that keep the literal types of choices. */
export const param = {
  integer: (o: Options<IntegerParam>): IntegerParam => ({ kind: "integer", ...o }),
  nullableInteger: (o: Options<NullableIntegerParam>): NullableIntegerParam => ({
    kind: "nullableInteger",
    ...o,
  }),
  number: (o: Options<NumberParam>): NumberParam => ({ kind: "number", ...o }),
  boolean: (o: Options<BooleanParam>): BooleanParam => ({ kind: "boolean", ...o }),
  choice: <const T extends string>(o: Options<ChoiceParam<T>>): ChoiceParam<T> => ({
    kind: "choice",
    ...o,
  }),
  integerChoice: (o: Options<IntegerChoiceParam>): IntegerChoiceParam => ({
    kind: "integerChoice",
    ...o,
  }),
  group: <D extends ParamDecls>(description: string, params: D): GroupParam<D> => ({
    kind: "group",
    description,
    params,
  }),
};

/** A leaf of a declaration tree with its place: keys from the root and a JSON pointer. */
export interface ParamLeaf {
  keys: string[];
  /** "/crossbar/size" */
  pointer: string;
  spec: LeafParam;
}

/** Every leaf of a declaration, depth first in declaration order. */
export function paramLeaves(decls: ParamDecls, keys: string[] = []): ParamLeaf[] {
  return Object.entries(decls).flatMap(([key, spec]) =>
    spec.kind === "group"
      ? paramLeaves(spec.params, [...keys, key])
      : [{ keys: [...keys, key], pointer: `/${[...keys, key].join("/")}`, spec }],
  );
}

/** The defaults of a declaration, nested like it. */
export function paramDefaults<D extends ParamDecls>(decls: D): ParamValues<D> {
  const values: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(decls)) {
    values[key] = spec.kind === "group" ? paramDefaults(spec.params) : spec.default;
  }
  return values as ParamValues<D>;
}

/** camelCase key -> kebab-case flag ("arrivalMeanCycles" -> "arrival-mean-cycles"). */
export function flagOf(key: string, spec?: LeafParam): string {
  return spec?.flag ?? key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

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
    if (spec.kind === "group") {
      const nested = input[key];
      if (nested !== undefined && (typeof nested !== "object" || nested === null)) {
        throw new ParamError(`${where}.${key} = ${JSON.stringify(nested)}: expected an object`);
      }
      resolved[key] = resolveParams(
        spec.params,
        nested as Record<string, unknown>,
        `${where}.${key}`,
      );
      continue;
    }
    const value = input[key] === undefined ? spec.default : input[key];
    const problem = check(spec, value);
    if (problem !== null) {
      throw new ParamError(`${where}.${key} = ${JSON.stringify(value)}: expected ${problem}`);
    }
    resolved[key] = value;
  }
  return resolved as ParamValues<D>;
}

function check(spec: LeafParam, value: unknown): string | null {
  const unit = spec.unit ? ` (${spec.unit})` : "";
  switch (spec.kind) {
    case "integer":
    case "number": {
      const integer = spec.kind === "integer";
      const what = `${integer ? "an integer" : "a number"}${range(spec)}${unit}`;
      if (typeof value !== "number" || !Number.isFinite(value)) return what;
      if (integer && !Number.isSafeInteger(value)) return what;
      if (spec.min !== undefined && value < spec.min) return what;
      if (spec.kind === "number" && spec.above !== undefined && value <= spec.above) return what;
      if (spec.max !== undefined && value > spec.max) return what;
      return null;
    }
    case "nullableInteger": {
      if (value === null) return null;
      const ok = Number.isSafeInteger(value) && (value as number) >= spec.min;
      return ok && (value as number) <= spec.max ? null : `null or ${describeRange(spec)}${unit}`;
    }
    case "boolean":
      return typeof value === "boolean" ? null : "true or false";
    case "choice":
    case "integerChoice":
      return (spec.choices as readonly unknown[]).includes(value)
        ? null
        : `one of ${spec.choices.map((c) => JSON.stringify(c)).join(", ")}`;
  }
}

function describeRange(spec: NullableIntegerParam): string {
  return `an integer in [${spec.min}, ${spec.max}]`;
}

/** " in [min, max]", " > above", ... for messages and help. */
export function range(spec: IntegerParam | NumberParam): string {
  const low =
    spec.kind === "number" && spec.above !== undefined
      ? ` > ${spec.above}`
      : spec.min !== undefined
        ? ` >= ${spec.min}`
        : "";
  if (spec.min !== undefined && spec.max !== undefined) return ` in [${spec.min}, ${spec.max}]`;
  if (low !== "" && spec.max !== undefined) return `${low} and <= ${spec.max}`;
  if (low !== "") return low;
  if (spec.max !== undefined) return ` <= ${spec.max}`;
  return "";
}
