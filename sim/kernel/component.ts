import { resolveParams, type ParamDecls, type ParamInput, type ParamValues } from "./params";
import type { Simulator } from "./simulator";
import type { StatGroup } from "./stats";

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A named part of the model, placed in a tree (`tile3.dp.xbar`). It owns a
 * statistics group and, when the simulator records one, a timeline track, both
 * named by its path. Subclasses declare their parameters once and resolve
 * user input with `resolve`, which also records the values for `configJson`.
 */
export class Component {
  readonly sim: Simulator;
  readonly parent: Component | null;
  /** Dotted path from the root; "" for the root. */
  readonly path: string;
  readonly stats: StatGroup;
  private readonly children = new Map<string, Component>();
  private resolved: Readonly<Record<string, unknown>> = {};
  private tid: number | undefined;
  /** The name of its timeline track, when the path alone says too little (default: the path). */
  trackTitle: string | null = null;

  constructor(
    owner: Component | Simulator,
    readonly name: string,
  ) {
    // A simulator stands for its root component, except while it makes that root.
    const parent = owner instanceof Component ? owner : (owner as { root?: Component }).root;
    if (parent !== undefined) {
      if (!NAME.test(name)) {
        throw new Error(
          `component name '${name}' under '${parent.path || "<root>"}' must match ${NAME}`,
        );
      }
      if (parent.children.has(name))
        throw new Error(`component '${parent.qualify(name)}' exists already`);
      this.sim = parent.sim;
      this.parent = parent;
      this.path = parent.qualify(name);
      this.stats = parent.stats.child(name);
      parent.children.set(name, this);
    } else {
      const sim = owner as Simulator;
      this.sim = sim;
      this.parent = null;
      this.path = "";
      this.stats = sim.stats;
    }
  }

  /** Checks `given` against the declaration and remembers the result for `configJson`. */
  protected resolve<D extends ParamDecls>(
    decls: D,
    given: ParamInput<D> | undefined,
  ): ParamValues<D> {
    const values = resolveParams(decls, given, this.path);
    this.resolved = values;
    return values;
  }

  /** This component's timeline track, or -1 when no timeline is recorded. */
  protected get track(): number {
    const timeline = this.sim.timeline;
    if (timeline === null) return -1;
    this.tid ??= timeline.track(this.trackTitle ?? this.path);
    return this.tid;
  }

  /** Records a busy interval [start, end) on this component's timeline track (no-op without a timeline). */
  recordBusy(
    label: string,
    startCycle: number,
    endCycle: number,
    args?: Record<string, unknown>,
  ): void {
    const timeline = this.sim.timeline;
    if (timeline !== null) timeline.complete(this.track, label, startCycle, endCycle, args);
  }

  /** Resolved parameters of this component and its descendants. */
  configJson(): Record<string, unknown> {
    const json: Record<string, unknown> = { ...this.resolved };
    for (const [name, child] of this.children) {
      const sub = child.configJson();
      if (Object.keys(sub).length > 0) json[name] = sub;
    }
    return json;
  }

  private qualify(name: string): string {
    return this.path === "" ? name : `${this.path}.${name}`;
  }
}
