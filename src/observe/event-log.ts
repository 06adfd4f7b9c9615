/**
 * The bounded log of recent events an observer keeps, built to cost little per event.
 *
 * An entry stores the facts of what happened (ports, time, counts, the frozen frontier); its line
 * of text is written only when a snapshot first reads it, and kept. Batches sent along one edge at
 * one time with nothing else logged in between add up in one open entry (items and batches
 * counted), so a long run logs a line per edge per event-loop turn, not one per batch. Open entries
 * are sealed by any other event, by a read, and by the observer once per turn; a sealed entry
 * never changes, so what a snapshot showed stays true. Sequence numbers follow first occurrence.
 */
import { inspect } from "node:util";
import type { Antichain } from "../time/antichain.js";
import { formatTime, timeEquals, type Time } from "../time/order.js";
import { describeFailure, type Failure } from "../runtime/failure.js";
import type { StateChange } from "../state/keyed-state.js";
import type { EventView } from "./model.js";
import { Ring } from "./ring.js";

/** Most send entries open at once; a send to one more edge seals them all first. */
const MAX_OPEN = 8;

type Kind = EventView["kind"];

/** One logged event: its facts, and its view once read. */
class Entry {
  /** Batches added up in this entry (sends). */
  batches = 1;
  /** The view, made on first read (only once sealed). */
  view: EventView | undefined = undefined;

  constructor(
    readonly seq: number,
    readonly at: number,
    readonly kind: Kind,
    /** The port, node or line of text it is about. */
    readonly a: string,
    /** A second subject: the receiving port, a frontier, a failure or a state change. */
    readonly b: unknown,
    /** The time it happened at, in logical time. */
    readonly time: Time,
    /** Items sent, or the capability count's change. */
    public n: number,
  ) {}
}

/** Keeps the most recent events, formatting them only when read. */
export class EventLog {
  private readonly ring: Ring<Entry>;
  private readonly open: Entry[] = [];
  private seq = 0;

  /** A log of at most `capacity` events, stamped with processing time from `now`. */
  constructor(capacity: number, private readonly now: () => number) {
    this.ring = new Ring(capacity);
  }

  /** `count` items went from port `from` to port `to` at `time`. */
  sent(from: string, to: string, time: Time, count: number): void {
    const open = this.open;
    for (let i = 0; i < open.length; i++) {
      const e = open[i]!;
      if (e.a === from && e.b === to && (e.time === time || timeEquals(e.time, time))) {
        e.n += count;
        e.batches++;
        return;
      }
    }
    if (open.length === MAX_OPEN) open.length = 0;
    open.push(this.push("send", from, to, time, count));
  }

  /** The frontier of port `port` is now `frontier`. */
  frontier(port: string, frontier: Antichain): void {
    this.add("frontier", port, frontier, 0, 0);
  }

  /** Node `node` holds `diff` more capabilities at `time`. */
  capability(node: string, time: Time, diff: number): void {
    this.add("capability", node, undefined, time, diff);
  }

  /** A node failed. */
  failure(f: Failure): void {
    this.add("failure", "", f, 0, 0);
  }

  /** Node `node`'s keyed state changed (objects are described at once: they may change later). */
  state(node: string, c: StateChange<unknown>): void {
    const later = isPlain(c.key) && isPlain(c.value);
    this.add("state", node, later ? c : stateText(node, c), 0, 0);
  }

  /** A status line, as given. */
  status(text: string): void {
    this.add("status", text, undefined, 0, 0);
  }

  /** Closes the open send entries: later sends start new ones. */
  seal(): void {
    this.open.length = 0;
  }

  /** The events, oldest first (sealing the open ones). */
  items(): EventView[] {
    this.seal();
    return this.ring.items().map(viewOf);
  }

  private add(kind: Kind, a: string, b: unknown, time: Time, n: number): void {
    this.open.length = 0;
    this.push(kind, a, b, time, n);
  }

  private push(kind: Kind, a: string, b: unknown, time: Time, n: number): Entry {
    const e = new Entry(this.seq++, this.now(), kind, a, b, time, n);
    this.ring.push(e);
    return e;
  }
}

function viewOf(e: Entry): EventView {
  return (e.view ??= { seq: e.seq, at: e.at, kind: e.kind, text: textOf(e) });
}

function textOf(e: Entry): string {
  switch (e.kind) {
    case "send":
      return `${e.a} → ${String(e.b)}: ${plural(e.n, "item")}${e.batches > 1 ? ` in ${e.batches} batches` : ""} at ${formatTime(e.time)}`;
    case "frontier":
      return `${e.a} frontier ${String(e.b)}`;
    case "capability": {
      const m = Math.abs(e.n);
      return `${e.a} ${e.n > 0 ? "holds" : "releases"} ${m === 1 ? "a capability" : `${m} capabilities`} at ${formatTime(e.time)}`;
    }
    case "failure":
      return describeFailure(e.b as Failure);
    case "state":
      return typeof e.b === "string" ? e.b : stateText(e.a, e.b as StateChange<unknown>);
    case "status":
      return e.a;
  }
}

function plural(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? "" : "s"}`;
}

function stateText(node: string, c: StateChange<unknown>): string {
  return `${node} ${c.deleted ? "deleted" : "set"} ${short(c.key)}${c.deleted ? "" : ` = ${short(c.value)}`} (version ${c.version})`;
}

/** True for values that cannot change after the fact (so they may be described later). */
function isPlain(v: unknown): boolean {
  return v === null || (typeof v !== "object" && typeof v !== "function");
}

/** A value in one short line. */
function short(v: unknown): string {
  return inspect(v, { depth: 2, breakLength: Infinity, maxStringLength: 60, maxArrayLength: 8 });
}
