/**
 * The shape of a dataflow as progress tracking sees it: numbered locations and summarized steps.
 *
 * A location is a place where pointstamps can live or frontiers are asked for: a node's input port,
 * a node's output port, a node's capability slot. A step `from -> to` with summary `s` says that a
 * pointstamp at time `t` at `from` may produce work at time `s(t)` at `to`. Edges between ports are
 * identity steps; a node's internal summary is a step from each input to each output.
 *
 * Location 0 is the wildcard: its frontier is the frontier of the roots (input handles and nodes
 * without inputs), and it steps to every input port that has never been connected, because anything
 * could still be connected there.
 */
import type { Summary } from "../time/summary.js";

/** The reserved wildcard location (see the module doc). */
export const WILDCARD = 0;

/** One summarized step between locations. */
export interface Step {
  /** The location reached. */
  readonly to: number;
  /** What the step does to times. */
  readonly summary: Summary;
}

/** The location graph the tracker computes frontiers over. */
export interface Topology {
  /** Outgoing steps of every location, indexed by location id (holes are allowed). */
  readonly steps: ReadonlyArray<readonly Step[] | undefined>;
  /** Locations whose pointstamps make up the wildcard frontier. */
  readonly roots: ReadonlySet<number>;
}
