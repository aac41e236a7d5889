// autorac's library API: everything the CLI does is reachable from here.
export * from "./sim/kernel";
