import Ajv, { type JSONSchemaType } from "ajv";
import { resolveHwConfig } from "../../arch/config/hw-config";
import { InputError } from "../../sim/kernel/input-error";
import { syntheticLayoutOf } from "../data/synthetic";
import { describeSchemaErrors } from "../../sim/io/schema-errors";
import { backendChoices } from "../supernet/backend";
import { parseModelSpec } from "../spec/model-schema";
import { resolveJobFile } from "./data-dirs";
import type { EvaluationTask } from "./evaluate-candidate";
import type { SupernetLoss } from "./supernet-loss";

/**
 * A queue job's payload, checked before anything runs: its shape by a JSON
 * Schema, its model and base chip by their own parsers, its files resolved
 * under the worker's data directories (data-dirs.ts). Refusals name the JSON
 * path and the rule, never a file's content.
 */
interface Envelope {
  candidate: { model: object; hw: Record<string, number> };
  baseHw: object;
  loss: "proxy" | (Omit<SupernetLoss, "backend"> & { backend: string });
}

const name = { type: "string", minLength: 1, maxLength: 4096 } as const;

const lossSchema = {
  type: "object",
  additionalProperties: false,
  required: ["kind", "checkpoint", "data", "format", "batch", "finetuneSteps", "validationRows"],
  properties: {
    kind: { type: "string", const: "supernet" },
    checkpoint: name,
    data: name,
    format: { type: "string", enum: ["criteo", "avazu", "kdd"] },
    tableCap: { type: "integer", minimum: 1, maximum: 1e9, nullable: true },
    userProfile: { ...name, nullable: true },
    batch: { type: "integer", minimum: 1, maximum: 65536 },
    finetuneSteps: { type: "integer", minimum: 0, maximum: 1e6 },
    validationRows: { type: "integer", minimum: 1, maximum: 1e8 },
    backend: { type: "string", enum: [...backendChoices] },
  },
} as const;

const schema: JSONSchemaType<Envelope> = {
  type: "object",
  additionalProperties: false,
  required: ["candidate", "baseHw", "loss"],
  properties: {
    candidate: {
      type: "object",
      additionalProperties: false,
      required: ["model", "hw"],
      properties: {
        model: { type: "object" },
        hw: {
          type: "object",
          additionalProperties: false,
          required: ["crossbar", "cellBits", "dacBits", "adcBits"],
          properties: {
            crossbar: { type: "integer" },
            cellBits: { type: "integer" },
            dacBits: { type: "integer" },
            adcBits: { type: "integer" },
            lossy: { type: "boolean" },
          },
        },
      },
    },
    baseHw: { type: "object" },
    loss: { oneOf: [{ type: "string", const: "proxy" }, lossSchema] },
  },
} as unknown as JSONSchemaType<Envelope>;

const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

/** The payload as a task the worker can run, with its files as paths under `dataDirs`. */
export function checkedTask(payload: unknown, dataDirs: readonly string[]): EvaluationTask {
  if (!validate(payload)) {
    // the schema's own messages: paths and rules; a value is shown only where it was the job's
    const lines = describeSchemaErrors(validate.errors ?? [], payload).slice(0, 5);
    throw new InputError(`job payload: ${lines.join("; ")}`);
  }
  const model = parseModelSpec(payload.candidate.model, "job payload: /candidate/model");
  const baseHw = resolveHwConfig(payload.baseHw, "job payload: /baseHw");
  const hw = payload.candidate.hw as unknown as EvaluationTask["candidate"]["hw"];
  return { candidate: { model, hw }, baseHw, loss: checkedLoss(payload.loss, dataDirs) };
}

function checkedLoss(loss: Envelope["loss"], dataDirs: readonly string[]): EvaluationTask["loss"] {
  if (loss === "proxy") return "proxy";
  if (dataDirs.length === 0) {
    throw new InputError(
      "job payload: /loss: a supernet loss reads files, and this worker was started without --data-dir",
    );
  }
  const synthetic = syntheticLayoutOf(loss.data) !== null;
  return {
    ...(loss as SupernetLoss),
    checkpoint: resolveJobFile(loss.checkpoint, dataDirs, "checkpoint"),
    data: synthetic ? loss.data : resolveJobFile(loss.data, dataDirs, "data"),
    ...(loss.userProfile !== undefined && {
      userProfile: resolveJobFile(loss.userProfile, dataDirs, "userProfile"),
    }),
  };
}
