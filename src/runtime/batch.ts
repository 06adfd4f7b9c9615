/** Batches: the unit an edge queue carries — items that share one logical time. */
import type { Time } from "../time/order.js";

/** Items that share one logical time. */
export interface Batch<T = unknown> {
  /** The time every item carries. */
  readonly time: Time;
  /** The items, in the order they were sent. Shared with other readers: do not modify. */
  readonly items: T[];
  /**
   * The event time of every item, when it differs from `time`: a late item (older than the
   * watermark) travels at the watermark's time but keeps its own event time here.
   */
  readonly eventTime?: Time;
}
