import { InputError } from "../../sim/kernel/input-error";

/** JSON Schema pieces the operator kinds' spec fragments share. */

export const weightBitsSchema = {
  type: "integer",
  enum: [4, 8],
  description: "Weight bits of the operator's crossbars (table 1: 4 or 8)",
} as const;

export const positiveInt = (description: string) =>
  ({ type: "integer", minimum: 1, description }) as const;

/** The entry of a dense or sparse operator: `{ op, dim, weightBits }`. */
export function dimOperatorSchema(dimDescription: string): Record<string, unknown> {
  return {
    type: "object",
    additionalProperties: false,
    required: ["op", "dim", "weightBits"],
    properties: {
      op: { type: "string" },
      dim: positiveInt(dimDescription),
      weightBits: weightBitsSchema,
    },
  };
}

/** The entry of an operator that has only its weight bits (DSI, FM, the final layer). */
export const weightBitsOnlySchema: Record<string, unknown> = {
  type: "object",
  additionalProperties: false,
  required: ["weightBits"],
  properties: { weightBits: weightBitsSchema },
};

/** A dim a spec built in code may get wrong (the schema checks files): a positive integer. */
export function checkDim(value: number | undefined, at: string, hint = ""): number {
  if (value === undefined || !Number.isInteger(value) || value < 1) {
    throw new InputError(`${at} = ${value}: expected a positive integer${hint}`);
  }
  return value;
}
