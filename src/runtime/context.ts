/** The types a stream-style node works with: its context, input events and output handles. */
import type { Antichain } from "../time/antichain.js";
import type { Time } from "../time/order.js";
import type { Capability } from "./capability.js";
import type { Clock } from "./scheduling/clock.js";

/** A batch of data that arrived at an input port. */
export interface DataEvent<T = unknown> {
  /** Marks a data event. */
  readonly kind: "data";
  /** The input port it arrived at. */
  readonly port: string;
  /** The logical time of every item. */
  readonly time: Time;
  /** The items (shared: do not modify). */
  readonly items: T[];
  /** The items' event time, when it differs from `time` (late items); undefined otherwise. */
  readonly eventTime?: Time;
  /** Keeps a capability at this time (or a later one) to send after this event is handled. */
  retain(time?: Time): Capability;
}

/** A change of an input port's frontier: no time before it will arrive there any more. */
export interface FrontierEvent {
  /** Marks a frontier event. */
  readonly kind: "frontier";
  /** The input port whose frontier changed. */
  readonly port: string;
  /** The new frontier (empty when the port is done). */
  readonly frontier: Antichain;
}

/** What an input port yields: data, or a frontier change. */
export type InputEvent<T = unknown> = DataEvent<T> | FrontierEvent;

/** What `OutputHandle.send` may be told besides the time and the items. */
export interface SendOptions {
  /**
   * The items' event time, when they are late: earlier than `time`, the logical time they travel
   * at (windows then judge them by this time, as they do late items of an event-time stage). Given
   * as `undefined`, the items are on time (their event time is `time`). Left out, see `send`.
   */
  readonly eventTime?: Time | undefined;
}

/** The sending side of an output port. */
export interface OutputHandle<T = unknown> {
  /** `node.port`. */
  readonly name: string;
  /**
   * Sends `items` (an array is a batch; anything else is one item) at `time`. Needs a capability at
   * or before `time`: the time of the event being handled, or a retained one. Resolves when every
   * edge queue behind the port has room again.
   *
   * Event time (as Flink's timestamped collector gives an output record the timestamp of the input
   * record being processed): unless `options` has an `eventTime` property, items sent at the
   * logical time of the data event being handled keep that event's `eventTime`, so late items stay
   * late through the node. The event being handled is the most recently taken data event at that
   * time that the node has not moved past yet. Items sent at any other time are on time. An
   * explicit `eventTime` must be at or before `time` (equal means on time); a later one is refused
   * with a TimeError.
   */
  send(time: Time, items: T | T[], options?: SendOptions): Promise<void>;
}

/** What a stream-style node's function receives. */
export interface NodeContext {
  /** The node's name. */
  readonly name: string;
  /** The events of one input port, in order; the iteration ends when the port is done. */
  input<T = unknown>(port: string): AsyncIterable<InputEvent<T>>;
  /** The events of every input port merged (in time, port, arrival order in deterministic mode). */
  events<T = unknown>(): AsyncIterable<InputEvent<T>>;
  /** An output port. */
  output<T = unknown>(port: string): OutputHandle<T>;
  /** The frontier of an input port. */
  frontier(port: string): Antichain;
  /** For a node without inputs: the capability at time 0 it starts with (undefined otherwise). */
  readonly capability: Capability | undefined;
  /** The run's processing-time clock. */
  readonly clock: Clock;
}
