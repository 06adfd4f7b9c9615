/**
 * Capabilities: the right to send at a time, and the reason frontiers wait.
 *
 * Invariant: while a capability at `t` is held by a node, every location downstream of that node
 * has a frontier at or before `t` (through the path summaries), so data sent at `t' >= t` is
 * always in time. A capability only moves forward (`downgrade`) and counts until it is dropped.
 */
import { formatTime, lessEqual, type Time } from "../time/order.js";
import { TimeError } from "./failure.js";

/** What a capability needs from its owner: count it, and forget it when dropped. */
export interface CapabilityOwner {
  /** The owning node's name (for messages). */
  readonly name: string;
  /** Counts and records a new capability at `time`. */
  mint(time: Time): Capability;
  /** Adds `diff` to the count of held capabilities at `time`. */
  countCapability(time: Time, diff: number): void;
  /** Forgets a dropped capability. */
  released(cap: Capability): void;
}

/** The right to send at `time` or later from every output of a node. */
export class Capability {
  private t: Time;
  private live = true;

  /** Creates a held capability; only owners call this, after counting it. */
  constructor(private readonly owner: CapabilityOwner, time: Time) {
    this.t = time;
  }

  /** The time this capability allows sending at (or later). */
  get time(): Time {
    return this.t;
  }

  /** True once dropped. */
  get dropped(): boolean {
    return !this.live;
  }

  /** Moves the capability to a later-or-equal time. */
  downgrade(time: Time): void {
    this.check("downgrade");
    if (!lessEqual(this.t, time)) {
      throw new TimeError(`node "${this.owner.name}": cannot downgrade a capability from time ${formatTime(this.t)} to the earlier time ${formatTime(time)}; capabilities only move forward`);
    }
    this.owner.countCapability(time, 1);
    this.owner.countCapability(this.t, -1);
    this.t = time;
  }

  /** A second capability at the same time or a later one. */
  retain(time: Time = this.t): Capability {
    this.check("retain from");
    if (!lessEqual(this.t, time)) {
      throw new TimeError(`node "${this.owner.name}": cannot retain a capability at ${formatTime(time)} from one at the later time ${formatTime(this.t)}`);
    }
    return this.owner.mint(time);
  }

  /** Gives the capability up; frontiers downstream may then pass its time. */
  drop(): void {
    if (!this.live) return;
    this.live = false;
    this.owner.countCapability(this.t, -1);
    this.owner.released(this);
  }

  toString(): string {
    return `Capability(${this.owner.name} @ ${formatTime(this.t)}${this.live ? "" : ", dropped"})`;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  private check(what: string): void {
    if (!this.live) throw new TimeError(`node "${this.owner.name}": cannot ${what} a dropped capability (it was at time ${formatTime(this.t)})`);
  }
}
