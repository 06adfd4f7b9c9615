/**
 * Failures: what a node reports when its code throws, and the errors the runtime raises.
 *
 * A failure names the node, the input port and time it was handling, the item (when one item is
 * to blame) and the message. It goes to the node's `error` port; when nothing consumes that port,
 * the execution's error policy decides whether the run fails with it.
 */
import { formatTime, type Time } from "../time/order.js";
import { inspect } from "node:util";

/** What a node reports when its code throws. */
export interface Failure {
  /** The node that failed. */
  readonly node: string;
  /** The input port it was handling, when there was one. */
  readonly port: string | undefined;
  /** The logical time it was handling, when there was one. */
  readonly time: Time | undefined;
  /** The item being handled, when one item is to blame. */
  readonly item?: unknown;
  /** The error's message. */
  readonly message: string;
  /** The thrown value itself. */
  readonly error: unknown;
}

/** Builds a failure record from a thrown value. */
export function failure(node: string, port: string | undefined, time: Time | undefined, error: unknown, item?: unknown, hasItem = false): Failure {
  const message = error instanceof Error ? error.message : String(error);
  const f: Failure = { node, port, time, message, error };
  return hasItem ? { ...f, item } : f;
}

/** One line describing a failure: node, port, time, item and message. */
export function describeFailure(f: Failure): string {
  const where = [f.port !== undefined ? `port ${f.node}.${f.port}` : `node ${f.node}`];
  if (f.time !== undefined) where.push(`time ${formatTime(f.time)}`);
  if ("item" in f) where.push(`item ${inspect(f.item, { depth: 2, breakLength: Infinity, maxStringLength: 200 })}`);
  return `node "${f.node}" failed (${where.join(", ")}): ${f.message}`;
}

/** The error an execution fails with when a node's failure is not consumed. */
export class NodeFailureError extends Error {
  /** Wraps `failure` as the reason a run failed. */
  constructor(readonly failure: Failure) {
    super(`${describeFailure(failure)}\n(the node's "error" port is not connected; connect "${failure.node}.error" to handle failures, or run with { onError: "continue" })`);
    this.name = "NodeFailureError";
  }
}

/** A mistake in building or wiring a graph (unknown names, duplicates, cycles). */
export class GraphError extends Error {
  /** An error with the given message. */
  constructor(message: string) {
    super(message);
    this.name = "GraphError";
  }
}

/** A send or advance that breaks the rules of logical time. */
export class TimeError extends Error {
  /** An error with the given message. */
  constructor(message: string) {
    super(message);
    this.name = "TimeError";
  }
}

/** A send, advance or close on an input that was closed already (as a write after the end of a Node stream). */
export class InputClosedError extends Error {
  /** The error for `what` (`send to`, `advance`, ...) on input `input`. */
  constructor(
    readonly input: string,
    what: string,
  ) {
    super(`cannot ${what} input "${input}": it was closed (an input takes nothing after close())`);
    this.name = "InputClosedError";
  }
}
