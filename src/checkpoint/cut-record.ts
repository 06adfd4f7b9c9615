/**
 * What a checkpoint stores besides the operators' keyed state: one record of the cut, as plain data.
 *
 * Invariant: with the keyed state committed alongside it, the record is the whole run at a quiet
 * point — every capability each operator held, each operator's own pending work, each input's time
 * and whether it was closed, each source's position and each sink's staged output. Nothing was in
 * flight at the cut (no batch queued or being handled), so nothing else is needed to go on.
 */
import type { PlainTime } from "../time/plain-time.js";

/** One node at the cut. */
export interface NodeCut {
  /** Its name (checkpoints map onto a graph by node names). */
  readonly name: string;
  /** Its kind (`map`, `window`, `input`, ...): a restore into a node of another kind is refused. */
  readonly kind: string;
  /** The times of the capabilities it held, sorted. */
  readonly caps: PlainTime[];
  /** What its operator's `snapshot()` returned (absent for stateless operators and inputs). */
  readonly data?: unknown;
  /** True when its keyed state is in the store's namespace of its name. */
  readonly state?: boolean;
}

/** An input handle at the cut. */
export interface InputCut {
  /** The input's name. */
  readonly name: string;
  /** Its current time. */
  readonly time: PlainTime;
  /** True once it was closed. */
  readonly closed: boolean;
  /** Items sent through it so far. */
  readonly sent: number;
}

/** The record of one checkpoint. */
export interface CutRecord {
  /** The record's format. */
  readonly format: 1;
  /** The graph's name. */
  readonly graph: string;
  /** The processing time at the cut (a manual clock is moved there on restore). */
  readonly clock: number;
  /** The frontier of the whole graph at the cut (the earliest times anything may still happen at). */
  readonly frontier: PlainTime[];
  /** Every node, in creation order. */
  readonly nodes: NodeCut[];
  /** Every input handle. */
  readonly inputs: InputCut[];
  /** How many calls each durable input had logged (its later calls are replayed from the log). */
  readonly logged: Record<string, number>;
  /** Sources and sinks, by node name. */
  readonly participants: Record<string, unknown>;
  /** True when the run had completed (every input closed and all work done). */
  readonly completed: boolean;
}
