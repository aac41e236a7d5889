import type { ChipRequest } from "./chip-run";
import type { Job } from "./engine-server";

/** A request in the chip: what each of its operations still waits for. */
export interface RequestState {
  request: ChipRequest;
  arrival: number;
  entry: number;
  pending: Int32Array;
  /** A lookup's rows not yet out of their memory tile, by operation. */
  rowsLeft: Int32Array;
  remaining: number;
}

/** What a job's end means for its operation. */
export const enum Phase {
  Read,
  Compute,
  Write,
  BankRead,
  PortTransfer,
}

/**
 * A job of the run that knows its request and operation, so that one
 * callback serves every job (no closure per job) and the same object goes
 * through an operation's read, compute and write.
 */
export interface RunJob extends Job {
  state: RequestState;
  /** The operation's index in the program. */
  index: number;
  phase: Phase;
}

/** Jobs for the run, reused once ended (a steady run allocates none). */
export class JobPool {
  private readonly spare: RunJob[] = [];

  /** `onDone`: the run's one callback, shared by every job. */
  constructor(private readonly onDone: (job: Job) => void) {}

  take(state: RequestState, index: number): RunJob {
    const job = this.spare.pop() ?? {
      request: 0,
      cycles: 0,
      stages: undefined,
      label: "",
      step: "",
      endsSession: false,
      gang: false,
      onDone: this.onDone,
      state,
      index,
      phase: Phase.Read,
    };
    job.state = state;
    job.index = index;
    job.request = state.request.id;
    return job;
  }

  /** A job whose last phase has ended. */
  give(job: RunJob): void {
    this.spare.push(job);
  }
}
