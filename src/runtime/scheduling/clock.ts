/**
 * Processing time: the clock a run reads and sets timers on.
 *
 * A run uses the real clock unless it is given a `ManualClock`, whose time moves only when told
 * (`advance(ms)`, `set(t)`), so examples and tests that depend on processing time are exact and
 * repeatable. Invariants: `now()` never goes backwards; a timer fires once, at or after its time,
 * and timers due together fire in the order of their times, then of their scheduling.
 */
import { TimeError } from "../failure.js";

/** A pending timer. */
export interface ClockTimer {
  /** The processing time (ms) it fires at. */
  readonly at: number;
}

/** A source of processing time, in milliseconds, with timers. */
export interface Clock {
  /** The current processing time (ms). */
  now(): number;
  /** Calls `fn` once the clock reaches `at`. */
  schedule(at: number, fn: () => void): ClockTimer;
  /** Cancels a timer that has not fired. */
  cancel(timer: ClockTimer): void;
}

/** The wall clock (`Date.now()`), with timers on `setTimeout`. */
export class RealClock implements Clock {
  private readonly handles = new Map<ClockTimer, ReturnType<typeof setTimeout>>();

  now(): number {
    return Date.now();
  }

  schedule(at: number, fn: () => void): ClockTimer {
    const timer: ClockTimer = { at };
    const h = setTimeout(() => {
      this.handles.delete(timer);
      fn();
    }, Math.max(0, at - Date.now()));
    this.handles.set(timer, h);
    return timer;
  }

  cancel(timer: ClockTimer): void {
    const h = this.handles.get(timer);
    if (h !== undefined) clearTimeout(h);
    this.handles.delete(timer);
  }

  toString(): string {
    return "RealClock";
  }
}

interface Pending extends ClockTimer {
  readonly seq: number;
  readonly fn: () => void;
}

/** A clock that moves only when told: `advance(ms)` or `set(t)` fire the timers that come due. */
export class ManualClock implements Clock {
  private t: number;
  private seq = 0;
  private pending: Pending[] = [];

  /** A manual clock starting at `start` ms. */
  constructor(start = 0) {
    if (!Number.isFinite(start)) throw new TypeError(`ManualClock: the start time must be a finite number of ms, got ${String(start)}`);
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  schedule(at: number, fn: () => void): ClockTimer {
    if (!Number.isFinite(at)) throw new TypeError(`a timer needs a finite time in ms, got ${String(at)}`);
    const timer: Pending = { at, seq: this.seq++, fn };
    this.pending.push(timer);
    this.pending.sort((a, b) => a.at - b.at || a.seq - b.seq);
    if (at <= this.t) queueMicrotask(() => this.fireDue());
    return timer;
  }

  cancel(timer: ClockTimer): void {
    this.pending = this.pending.filter((p) => p !== timer);
  }

  /** Moves the clock forward by `ms`, firing the timers that come due, in order. */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new TimeError(`ManualClock.advance(ms): ms must be a non-negative number, got ${String(ms)}`);
    this.set(this.t + ms);
  }

  /** Sets the clock to `t` (never backwards), firing the timers that come due, in order. */
  set(t: number): void {
    if (!Number.isFinite(t)) throw new TimeError(`ManualClock.set(t): t must be a finite number of ms, got ${String(t)}`);
    if (t < this.t) throw new TimeError(`ManualClock.set(${t}): the clock is already at ${this.t}; processing time never goes backwards`);
    for (let next = this.pending[0]; next !== undefined && next.at <= t; next = this.pending[0]) {
      this.pending.shift();
      if (next.at > this.t) this.t = next.at;
      next.fn();
    }
    this.t = t;
  }

  /** Timers not yet fired. */
  get timers(): number {
    return this.pending.length;
  }

  private fireDue(): void {
    this.set(this.t);
  }

  toString(): string {
    return `ManualClock(${this.t})`;
  }
}
