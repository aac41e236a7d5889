import Ajv, { type JSONSchemaType } from "ajv";

const ajv = new Ajv({ allErrors: true, strict: true });

/**
 * A table shipped with autorac (a technology table), checked against its
 * schema when its module loads: a mistyped table fails at once, naming the
 * file and every field that is wrong. This is a bug in autorac, not user
 * input, so it is a plain Error.
 */
export function checkedJson<T>(file: string, schema: JSONSchemaType<T>, data: unknown): T {
  const validate = ajv.compile(schema);
  if (!validate(data)) {
    const problems = (validate.errors ?? []).map(
      (e) => `${e.instancePath || "/"} ${e.message ?? ""}`,
    );
    throw new Error(`${file} does not match its schema: ${problems.join("; ")}`);
  }
  return data;
}
