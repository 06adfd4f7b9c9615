/**
 * The event-time window operator: assigns items to windows per key, fires panes by trigger, and
 * sends elements all of whose windows were dropped to its `late` output.
 *
 * Order. With a trigger that acts only from the end of the window on (the default), batches are
 * stashed by logical time and nothing is looked at until the input frontier has passed that time
 * (what makes results the same in every execution mode and schedule). Then, time by time in order, the operator handles the data at `t` (the watermark is `t - 1` in Flink's terms
 * meanwhile), then the timers at `t` (windows whose `end - 1` is `t` fire on time; windows whose
 * `end - 1 + allowedLateness` is `t` expire and are dropped), then the next time. A timer set while
 * handling `t` at `t` itself is handled before moving on. An item's event time is the batch's
 * `eventTime` when set (late items), else the batch's time. A late batch is handled at once when
 * the frontier is at its time and nothing at that time waits (the same result, sooner).
 *
 * Arrival. With a trigger that may fire before the end (early firings, element counts), on-time
 * items are added as they arrive (Beam's order: counts and early panes follow arrivals); a late
 * item goes at once to its windows not past their end, and waits in the stash for the others, so
 * it reaches them after their on-time firing, as with the stash: on-time and late panes are the
 * same on both paths (`test/windows.arrival.property.test.ts`). Sessions keep late items in the
 * stash whole (their merges may reach windows past their end).
 *
 * Sessions fire on time one step later: a session `[s, e)` fires (its pane still at `e - 1`, under
 * a capability held there since it opened) when the frontier passes `e`, because an element at `e`
 * touches it and merges into it, and such an element may be on its way until then. At `e`, the
 * on-time data is handled first (it merges), then the sessions ending at `e` fire, then the late
 * data at `e` (late items were sent after the watermark `e - 1`, so they come after the firing, as
 * in Flink), then the other timers. A session is dropped at `e - 1 + L` (with no allowed lateness,
 * when it fires). This is Flink's result when the element at `e` arrives before the watermark
 * `e - 1` (as under bounded out-of-orderness): Flink merges on arrival, and here data at `e` is
 * never ordered against the frontier `e`, so it always counts as arrived first.
 *
 * For each element, per window: dropped when `end - 1 + L <= t - 1` (or its trigger finished);
 * otherwise added, and the trigger is asked after each element (so `every(3)` fires on the third
 * element whatever the batches). The element goes to `late` (at `t`, with its event time) only if
 * every one of its windows dropped it (an element in no window, in a gap between sliding windows,
 * only if `ts + L <= t - 1`, as in Flink). Panes are sent at `end - 1`, or at `t` when that is
 * already past (a late pane, caused by the element at `t`), or, for processing-time firings after
 * the end and for the global window, at the time of a capability held for the pane (`hold`). Window
 * contents live in a `KeyedState` (see `panes.ts` and `window-store.ts`). Capabilities: the stash
 * keeps one at every time with data or a timer; holds keep the times of panes still to come.
 */
import type { KeyedState } from "../state/keyed-state.js";
import type { Antichain } from "../time/antichain.js";
import { formatTime, type Time } from "../time/order.js";
import type { LogicContext, OperatorLogic, RestoreContext, WaitingItems } from "../runtime/logic.js";
import { TimeStash } from "../operators/stash.js";
import { windowStart } from "./assigners.js";
import { CapabilityPool } from "../operators/capability-pool.js";
import { DueIndex } from "./due-index.js";
import { Outbox } from "./outbox.js";
import { newRecord, paneResult, paneTiming, removeAt, retractionOf, type WindowRecord } from "./panes.js";
import { EmptiedKeys } from "./emptied-keys.js";
import { triggerDue, triggerElement, triggerFinished, triggerFired, triggerInit, triggerMerge, triggerReady, type TriggerState } from "./trigger-state.js";
import { usesProcessingTime, type Trigger } from "./triggers.js";
import type { WindowConfig } from "./window-options.js";
import { mapKey, WindowStore } from "./window-store.js";

/**
 * What arrived at one time, and the keys with timers there, each with its list of windows in the
 * state (a key may repeat, and a list may have been replaced since: handling either is harmless).
 */
interface Slot {
  readonly batches: unknown[][];
  readonly eventTimes: Array<number | undefined>;
  keys: unknown[] | undefined;
  lists: WindowRecord[][] | undefined;
  /** Keys with a session ending at this time (it fires on time here), and their lists. */
  ends: unknown[] | undefined;
  endLists: WindowRecord[][] | undefined;
  /**
   * Per batch (when any is partial): undefined for a whole batch; for late items added on arrival to
   * their windows not yet past their end, which of them some window kept (the rest of their windows,
   * past their end, take them here, once the frontier passes).
   */
  kept: Array<boolean[] | undefined> | undefined;
}

/** Which windows of an element it goes to: all, only those not past their end (`OPEN`), only those past it (`DUE`). */
const ALL = 0;
const OPEN = 1;
const DUE = 2;
type Part = typeof ALL | typeof OPEN | typeof DUE;
/** What adding an element to some of its windows did: a window kept it; windows were left for the `DUE` part. */
const KEPT = 1;
const SKIPPED = 2;

/** What a checkpoint keeps of a window operator besides its windows (which are in its state). */
interface WindowSnapshot {
  readonly pending: ReadonlyArray<{ readonly time: number; readonly batches: unknown[][]; readonly eventTimes: Array<number | undefined>; readonly keys: unknown[] | null; readonly ends?: unknown[] | null; readonly kept?: Array<boolean[] | null> | null }>;
  readonly holds: ReadonlyArray<readonly [unknown, number]>;
  readonly dues: ReadonlyArray<readonly [number, readonly unknown[]]>;
  readonly emptied: ReadonlyArray<readonly [number, unknown]>;
}

const newSlot = (): Slot => ({ batches: [], eventTimes: [], keys: undefined, lists: undefined, ends: undefined, endLists: undefined, kept: undefined });

/** The logic of an event-time window node (outputs: 0 results, 1 late elements). */
export class WindowLogic implements OperatorLogic {
  /** The window contents (what views show and checkpoints save). */
  get state(): KeyedState<unknown> {
    return this.cfg.state as KeyedState<unknown>;
  }

  /** The open windows. */
  readonly store: WindowStore;
  private readonly stash = new TimeStash<Slot>();
  private readonly holds = new CapabilityPool();
  private readonly dues = new DueIndex();
  private readonly out = new Outbox();
  private readonly trigger: Trigger;
  /** The trigger's initial state, shared (frozen) by records that have not changed theirs. */
  private readonly initial: TriggerState;
  private readonly clockNeeded: boolean;
  /** The trigger does nothing before the end of the window (on time, no early firings). */
  private readonly quietBeforeEnd: boolean;
  /**
   * The trigger may fire before the end of the window (early firings, element counts): on-time
   * items are added when they arrive (Beam's order), not once the frontier passes their time.
   */
  private readonly arrival: boolean;
  /** Keys whose last window was dropped: removed from the state a `linger` later if still empty. */
  private readonly emptied = new EmptiedKeys();
  /** How long an emptied key stays (one window span: busy keys do not leave and come back at every window). */
  private readonly linger: number;
  /** Session windows: they fire on time when the frontier passes their end (see the top of this file). */
  private readonly sessions: boolean;
  /**
   * Windows that never merge (all but sessions), by start, then by key: an element finds its
   * record with one lookup. The same records as in the state; a window start's map goes when its
   * windows expire.
   */
  private byWindow = new Map<number, Map<unknown, WindowRecord>>();
  /** The event time of the element being added (for the `earliest` / `latest` pane timestamps). */
  private ts = 0;
  /** Pane timestamps follow the elements (`earliest` / `latest`), not the end of the window. */
  private readonly stampByElements: boolean;
  /** The input frontier as last told to the node (undefined before the first). */
  private frontier: Antichain | undefined;

  /** A window operator configured by `cfg`. */
  constructor(private readonly cfg: WindowConfig<unknown>) {
    this.store = new WindowStore(cfg.state);
    this.trigger = cfg.trigger;
    this.initial = deepFreeze(triggerInit(cfg.trigger));
    this.clockNeeded = usesProcessingTime(cfg.trigger);
    this.quietBeforeEnd = cfg.trigger.kind === "onTime" && cfg.trigger.early === undefined;
    this.arrival = !this.quietBeforeEnd;
    const a = cfg.assigner;
    this.sessions = a.kind === "session";
    this.stampByElements = cfg.timestamp !== "endOfWindow";
    this.linger = a.kind === "tumbling" ? a.size : a.kind === "sliding" ? a.slide : a.kind === "session" ? a.gap : 0;
  }

  onData(ctx: LogicContext, _port: number, time: Time, items: unknown[]): void {
    if (typeof time !== "number") throw new TypeError(`windows need integer (event) times; node "${ctx.name}" got a batch at ${formatTime(time)}`);
    const eventTime = ctx.eventTime as number | undefined;
    const now = eventTime === undefined ? this.arrival : this.lateNow(ctx, time);
    if (now || (this.arrival && !this.sessions)) {
      // Late items with a trigger that acts before the end: to their windows not past their end now, to the others later.
      this.batch(ctx, time, eventTime ?? time, items, this.clockNeeded ? ctx.clock.now() : 0, now ? ALL : OPEN, undefined);
      this.send(ctx);
    } else {
      this.defer(ctx, time, items, eventTime, undefined);
    }
  }

  /** Keeps `items` (at `t`, with `eventTime` when late) until the frontier passes `t`; `kept`: see `Slot.kept`. */
  private defer(ctx: LogicContext, t: number, items: unknown[], eventTime: number | undefined, kept: boolean[] | undefined): void {
    const slot = this.stash.at(ctx, t, newSlot);
    if (kept !== undefined && slot.kept === undefined) slot.kept = slot.batches.map(() => undefined);
    slot.batches.push(items);
    slot.eventTimes.push(eventTime);
    slot.kept?.push(kept);
  }

  /**
   * True when late items at `t` may be handled at once, with the same result as when the frontier
   * passes `t`: the frontier last told to the node is at `t` (every earlier time is handled; any
   * slot it passed is handled first), and nothing at `t` waits that must come before them (data, or
   * sessions ending at `t`, which fire before late data). So a late element fires its window at once.
   */
  private lateNow(ctx: LogicContext, t: number): boolean {
    const frontier = this.frontier;
    if (frontier === undefined || frontier.lessEqual(t - 1)) return false;
    this.stash.ready((x) => !frontier.lessEqual(x), (x, slot) => this.handle(ctx, x as number, slot));
    const slot = this.stash.peek(t);
    return slot === undefined || (slot.batches.length === 0 && slot.ends === undefined);
  }

  onFrontier(ctx: LogicContext, _port: number, frontier: Antichain): void {
    this.frontier = frontier;
    this.stash.ready((t) => !frontier.lessEqual(t), (t, slot) => this.handle(ctx, t as number, slot));
    if (frontier.isEmpty) this.endOfInput(ctx);
  }

  onTimer(ctx: LogicContext, tag: unknown): void {
    const now = ctx.clock.now();
    for (const key of this.dues.take(tag)) {
      const list = this.store.get(key);
      if (list === undefined) continue;
      this.store.touch(key);
      for (const rec of list) {
        if (rec.closed || rec.due === undefined || rec.due > now) continue;
        if (triggerReady(this.trigger, this.peek(rec), rec.past, now)) {
          const at = rec.past || rec.end === Infinity ? rec.hold : rec.end - 1;
          if (at !== undefined) this.fire(ctx, key, rec, at, false, undefined, now);
        } else {
          this.afterChange(ctx, key, rec, undefined, now);
        }
      }
    }
    this.send(ctx);
  }

  /** Elements that wait in the per-time stash for the frontier to pass their time: how many, and the first `limit` with their keys. */
  waitingItems(limit: number): WaitingItems {
    let count = 0;
    const first: Array<{ key: unknown; time: Time; item: unknown }> = [];
    const keyOf = this.cfg.key;
    for (const [time, slot] of this.stash.slots()) {
      for (const items of slot.batches) {
        count += items.length;
        for (let i = 0; i < items.length && first.length < limit; i++) {
          let key: unknown;
          try {
            key = keyOf === undefined ? undefined : keyOf(items[i]);
          } catch {
            // The key function fails on this element: it fails again (reported) when the element is handled.
            key = undefined;
          }
          first.push({ key, time, item: items[i] });
        }
      }
    }
    return { count, first };
  }

  /** Checkpoints: the pending times (their data and timers), the holds, the deadlines and the emptied keys. */
  snapshot(): WindowSnapshot {
    const listOf = (key: unknown): WindowRecord[] | undefined => this.store.get(key);
    return {
      pending: this.stash.slots().map(([t, slot]) => ({ time: t as number, batches: slot.batches, eventTimes: slot.eventTimes, keys: slot.keys ?? null, ends: slot.ends ?? null, kept: slot.kept?.map((k) => k ?? null) ?? null })),
      holds: this.holds.snapshot(),
      dues: this.dues.snapshot(),
      emptied: this.emptied.snapshot(listOf),
    };
  }

  /** Recovery: the windows are in the restored state; the rest comes back from `data` (see `snapshot`). */
  restore(ctx: RestoreContext, data: unknown): void {
    const d = data as WindowSnapshot | null;
    if (d === null || typeof d !== "object" || !Array.isArray(d.pending) || !Array.isArray(d.holds) || !Array.isArray(d.dues) || !Array.isArray(d.emptied)) {
      throw new TypeError(`node "${ctx.name}": a checkpoint of a window operator must be { pending, holds, dues, emptied }, got ${JSON.stringify(data)}`);
    }
    this.store.reload();
    this.byWindow = this.cfg.assigner.kind === "session" ? new Map() : this.store.byStart();
    for (const p of d.pending) {
      const keys = p.keys === null ? undefined : p.keys;
      const ends = p.ends === null || p.ends === undefined ? undefined : p.ends;
      const listsOf = (ks: unknown[] | undefined): WindowRecord[][] | undefined => ks?.map((k: unknown) => this.store.get(k) ?? []);
      const kept = p.kept === null || p.kept === undefined ? undefined : p.kept.map((k: boolean[] | null) => k ?? undefined);
      this.stash.restoreSlot(ctx, p.time, { batches: p.batches, eventTimes: p.eventTimes, keys, lists: listsOf(keys), ends, endLists: listsOf(ends), kept });
    }
    this.holds.restore(ctx, d.holds);
    this.dues.restore(ctx, d.dues);
    this.emptied.restore(d.emptied, (key) => this.store.get(key));
  }

  /**
   * Handles time `t`: its data, then its timers. When sessions end at `t`: the on-time data first
   * (it may still merge into them), then those sessions fire, then the late data, then the timers.
   */
  private handle(ctx: LogicContext, t: number, slot: Slot): void {
    this.forget(t - this.linger);
    const now = this.clockNeeded ? ctx.clock.now() : 0;
    const ends = slot.ends;
    if (ends === undefined) {
      this.batches(ctx, t, slot, now, undefined);
    } else {
      this.batches(ctx, t, slot, now, false);
      const lists = slot.endLists!;
      for (let i = 0; i < ends.length; i++) this.timers(ctx, t, ends[i], lists[i]!, now, true);
      this.batches(ctx, t, slot, now, true);
    }
    const keys = slot.keys;
    if (keys !== undefined) {
      const lists = slot.lists!;
      for (let i = 0; i < keys.length; i++) this.timers(ctx, t, keys[i], lists[i]!, now, false);
      this.dropExpired(t);
    }
    this.send(ctx);
  }

  /** The batches of `slot` at `t`: all of them, or only the late ones (`late` true) or the on-time ones (false). */
  private batches(ctx: LogicContext, t: number, slot: Slot, now: number, late: boolean | undefined): void {
    const { batches, eventTimes, kept } = slot;
    for (let b = 0; b < batches.length; b++) {
      const ts = eventTimes[b] ?? t;
      const before = kept?.[b];
      if (late === undefined || late === ts < t) this.batch(ctx, t, ts, batches[b]!, now, before === undefined ? ALL : DUE, before);
    }
  }

  /**
   * Adds the items of one batch at `t` with event time `ts` to the windows `part` names; those no
   * window kept (nor one before, `before[i]`) go to `late`; with `OPEN`, items that have windows past
   * their end wait for them (see `Slot.kept`).
   */
  private batch(ctx: LogicContext, t: number, ts: number, items: unknown[], now: number, part: Part, before: readonly boolean[] | undefined): void {
    let dropped: unknown[] | undefined;
    let later: unknown[] | undefined;
    let laterKept: boolean[] | undefined;
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      let r: number;
      try {
        r = this.element(ctx, t, ts, item, now, part);
      } catch (e) {
        ctx.fail(t, e, item);
        continue;
      }
      if ((r & SKIPPED) !== 0) {
        (later ??= []).push(item);
        (laterKept ??= []).push((r & KEPT) !== 0);
      } else if ((r & KEPT) === 0 && before?.[i] !== true) {
        (dropped ??= []).push(item);
      }
    }
    if (dropped !== undefined) this.out.addAll(1, t, dropped, ts === t ? undefined : ts);
    if (later !== undefined) this.defer(ctx, t, later, ts === t ? undefined : ts, laterKept);
  }

  /**
   * Adds one element at time `t` with event time `ts` to the windows `part` names (sessions: all);
   * `KEPT` when some window took it, `SKIPPED` when windows past their end were left for later.
   */
  private element(ctx: LogicContext, t: number, ts: number, item: unknown, now: number, part: Part): number {
    const key = this.cfg.key === undefined ? undefined : this.cfg.key(item);
    this.ts = ts;
    this.store.touch(key);
    const a = this.cfg.assigner;
    switch (a.kind) {
      case "tumbling": {
        const start = windowStart(ts, a.offset, a.size);
        const end = start + a.size;
        if (part !== ALL && end - 1 < t !== (part === DUE)) return part === OPEN ? SKIPPED : 0;
        return this.addTo(ctx, t, key, start, end, item, now) ? KEPT : 0;
      }
      case "sliding": {
        let r = 0;
        let any = false;
        for (let start = windowStart(ts, a.offset, a.slide); start > ts - a.size; start -= a.slide) {
          any = true;
          const end = start + a.size;
          if (part !== ALL && end - 1 < t !== (part === DUE)) {
            if (part === OPEN) r |= SKIPPED;
          } else if (this.addTo(ctx, t, key, start, end, item, now)) {
            r |= KEPT;
          }
        }
        // In no window at all (a gap when size < slide): late output only if the element is late
        // for its allowed lateness (Flink: `ts + allowedLateness <= watermark`, watermark `t - 1`).
        return any ? r : ts + this.cfg.lateness >= t ? KEPT : 0;
      }
      case "session":
        return this.addToSession(ctx, t, key, ts, ts + a.gap, item, now) ? KEPT : 0;
      case "global":
        return this.addTo(ctx, t, key, -Infinity, Infinity, item, now) ? KEPT : 0;
    }
  }

  /** Adds `item` to (non-merging) window `[start, end)` of `key`; false when that window is dropped or closed. */
  private addTo(ctx: LogicContext, t: number, key: unknown, start: number, end: number, item: unknown, now: number): boolean {
    if (end - 1 + this.cfg.lateness < t) return false;
    let byKey = this.byWindow.get(start);
    if (byKey === undefined) this.byWindow.set(start, (byKey = new Map()));
    const k = mapKey(key);
    let rec = byKey.get(k);
    if (rec === undefined) {
      byKey.set(k, (rec = this.open(ctx, t, key, this.store.get(key), start, end, this.cfg.agg.create())));
    }
    if (rec.closed) return false;
    this.add(ctx, t, key, rec, item, now);
    return true;
  }

  /** Adds `item` to a session `[start, end)` of `key`, merged with every open window it touches. */
  private addToSession(ctx: LogicContext, t: number, key: unknown, start: number, end: number, item: unknown, now: number): boolean {
    let touching: WindowRecord[] | undefined;
    const stored = this.store.get(key);
    if (stored !== undefined) for (const r of stored) if (!r.closed && r.start <= end && r.end >= start) (touching ??= []).push(r);
    if (touching === undefined) {
      if (end - 1 + this.cfg.lateness < t) return false;
      this.add(ctx, t, key, this.open(ctx, t, key, stored, start, end, this.cfg.agg.create()), item, now);
      return true;
    }
    const list = stored!;
    let rec = touching[0]!;
    if (touching.length > 1 || start < rec.start || end > rec.end) {
      for (const r of touching) {
        if (r.start < start) start = r.start;
        if (r.end > end) end = r.end;
      }
      const agg = this.cfg.agg;
      let acc = touching[0]!.acc;
      for (let i = 1; i < touching.length; i++) acc = agg.merge!(acc, touching[i]!.acc);
      for (const r of touching) {
        // Retracting: the panes of sessions merged away are taken back (their window is gone).
        if (this.cfg.retracting && r.emitted !== undefined) this.out.add(0, r.end - 1 >= t ? r.end - 1 : t, retractionOf(key, r));
        this.release(r);
        removeAt(list, list.indexOf(r));
      }
      rec = this.open(ctx, t, key, list, start, end, acc);
      rec.trigger = triggerMerge(this.trigger, touching.map((r) => this.peek(r)), rec.past);
      // The merged window is a new window: its panes count from 0 again (Beam's pane info is per window).
      for (const r of touching) {
        rec.pending += r.pending;
        // The key's earliest deadline is already scheduled: the merged window keeps it (no new timer per merge).
        if (r.due !== undefined && (rec.due === undefined || r.due < rec.due)) rec.due = r.due;
        if (r.minTs !== undefined && (rec.minTs === undefined || r.minTs < rec.minTs)) rec.minTs = r.minTs;
        if (r.maxTs !== undefined && (rec.maxTs === undefined || r.maxTs > rec.maxTs)) rec.maxTs = r.maxTs;
      }
    }
    this.add(ctx, t, key, rec, item, now);
    return true;
  }

  /**
   * Opens window `[start, end)` of `key` at time `t` (in `list`, or a new list for a new key) and
   * sets its timers. A session not yet past fires when the frontier passes `end` (an element at
   * `end` touches it), and holds a capability at `end - 1` for that pane meanwhile; with no allowed
   * lateness it is dropped when it fires.
   */
  private open(ctx: LogicContext, t: number, key: unknown, list: WindowRecord[] | undefined, start: number, end: number, acc: unknown): WindowRecord {
    const rec = newRecord(start, end, acc, undefined, end - 1 < t);
    if (list === undefined) list = this.store.create(key, rec);
    else list.push(rec);
    if (end === Infinity) return rec;
    const lateness = this.cfg.lateness;
    if (this.sessions) {
      if (!rec.past) {
        const slot = this.stash.at(ctx, end, newSlot);
        (slot.ends ??= []).push(key);
        (slot.endLists ??= []).push(list);
        this.holds.acquire(ctx, end - 1);
        rec.hold = end - 1;
      }
      if (lateness > 0) this.timerAt(ctx, end - 1 + lateness, key, list);
      return rec;
    }
    if (!rec.past && lateness > 0) this.timerAt(ctx, end - 1, key, list);
    this.timerAt(ctx, end - 1 + lateness, key, list);
    return rec;
  }

  private timerAt(ctx: LogicContext, time: number, key: unknown, list: WindowRecord[]): void {
    const slot = this.stash.at(ctx, time, newSlot);
    (slot.keys ??= []).push(key);
    (slot.lists ??= []).push(list);
  }

  /** Adds an element to an open window and fires it if its trigger says so. */
  private add(ctx: LogicContext, t: number, key: unknown, rec: WindowRecord, item: unknown, now: number): void {
    rec.acc = this.cfg.agg.add(rec.acc, item);
    rec.pending++;
    if (this.stampByElements) {
      const ts = this.ts;
      if (rec.minTs === undefined || ts < rec.minTs) rec.minTs = ts;
      if (rec.maxTs === undefined || ts > rec.maxTs) rec.maxTs = ts;
    }
    if (this.quietBeforeEnd && !rec.past && rec.end !== Infinity) return;
    triggerElement(this.trigger, this.triggerState(rec), now);
    if (triggerReady(this.trigger, rec.trigger!, rec.past, now)) {
      this.fire(ctx, key, rec, rec.end !== Infinity && rec.end - 1 >= t ? rec.end - 1 : t, false, t, now);
    } else {
      this.afterChange(ctx, key, rec, t, now);
    }
  }

  /**
   * The windows of `key` whose end (or expiry) is at `t`: on-time panes, final panes, cleanup.
   * `ends`: the sessions ending at `t` fire on time (and, with no allowed lateness, are dropped);
   * otherwise windows whose `end - 1` is `t` fire on time, and those whose `end - 1 + L` is `t` expire.
   */
  private timers(ctx: LogicContext, t: number, key: unknown, list: WindowRecord[], now: number, ends: boolean): void {
    const lateness = this.cfg.lateness;
    this.store.touch(key);
    let removed = false;
    for (let i = 0; i < list.length; i++) {
      const rec = list[i]!;
      if (rec.end === Infinity) continue;
      const last = rec.end - 1;
      const onTime = !rec.past && (this.sessions ? rec.end <= t : last <= t);
      const expiring = ends ? onTime && lateness === 0 : last + lateness <= t && (rec.past || onTime);
      if (!onTime && !expiring) continue;
      if (onTime) rec.past = true;
      if (!rec.closed) {
        if ((onTime && triggerReady(this.trigger, this.peek(rec), true, now)) || (expiring && (rec.pending > 0 || this.cfg.fireAlways))) {
          this.fire(ctx, key, rec, onTime ? last : t, expiring, t, now);
        } else if (onTime) {
          this.afterChange(ctx, key, rec, t, now);
        }
      }
      if (expiring) {
        this.release(rec);
        removeAt(list, i--);
        removed = true;
      }
    }
    if (removed && list.length === 0) this.emptied.add(t, key, list);
  }

  /** Forgets the window-start maps whose windows have all expired at `t`. */
  private dropExpired(t: number): void {
    if (this.byWindow.size === 0) return;
    const a = this.cfg.assigner;
    const size = a.kind === "tumbling" || a.kind === "sliding" ? a.size : Infinity;
    for (const start of this.byWindow.keys()) if (start + size - 1 + this.cfg.lateness <= t) this.byWindow.delete(start);
  }

  /** Removes from the state the keys emptied at or before `upTo` that are still empty. */
  private forget(upTo: number): void {
    this.emptied.due(upTo, (key, list) => {
      if (this.store.get(key) === list) this.store.remove(key);
    });
  }

  /** Emits a pane of `rec` at `at`; `expiring`: the window is dropped right after. */
  private fire(ctx: LogicContext, key: unknown, rec: WindowRecord, at: number, expiring: boolean, t: number | undefined, now: number): void {
    const timing = paneTiming(rec, at);
    let finished = false;
    if (!expiring) {
      triggerFired(this.trigger, this.triggerState(rec), rec.past, now);
      finished = triggerFinished(this.trigger, rec.trigger!);
    }
    const agg = this.cfg.agg;
    const value = agg.result(rec.acc);
    if (this.cfg.retracting && rec.emitted !== undefined) this.out.add(0, at, retractionOf(key, rec));
    const result = paneResult(key, rec, value, timing, expiring || finished, this.paneTimestamp(rec, at));
    if (this.cfg.retracting) rec.emitted = { value, pane: result.pane, timestamp: result.timestamp };
    this.out.add(0, at, result);
    if (finished) {
      rec.closed = true;
      rec.acc = undefined;
    } else if (this.cfg.discarding) {
      rec.acc = agg.create();
    }
    this.afterChange(ctx, key, rec, t, now);
  }

  /** The event timestamp of the pane of `rec` sent at `at` (see `WindowResult.timestamp`). */
  private paneTimestamp(rec: WindowRecord, at: number): number {
    const ts = this.cfg.timestamp === "earliest" ? rec.minTs : this.cfg.timestamp === "latest" ? rec.maxTs : undefined;
    if (ts !== undefined) return ts;
    return rec.end === Infinity ? at : rec.end - 1;
  }

  /**
   * After a change to `rec`: schedules its processing-time deadline, and keeps a capability while a
   * pane may come that has no other time to go out at (before its end, a window's panes go out at
   * `end - 1`, where its timer keeps one): for the global window, at its earliest element not yet
   * emitted (with `fireAlways` and none, at the time of its last pane); for a window past its end
   * waiting for a processing-time firing, at `t` (the time being handled).
   */
  private afterChange(ctx: LogicContext, key: unknown, rec: WindowRecord, t: number | undefined, _now: number): void {
    const due = this.clockNeeded && !rec.closed ? triggerDue(this.trigger, this.peek(rec)) : undefined;
    if (due !== rec.due) {
      rec.due = due;
      if (due !== undefined) this.dues.schedule(ctx, due, key);
    }
    const want = this.holdWanted(rec, t);
    if (want === rec.hold) return;
    if (want !== undefined) this.holds.acquire(ctx, want);
    this.release(rec);
    if (want !== undefined) rec.hold = want;
  }

  /** The time `rec` should hold a capability at (see `afterChange`), or undefined. */
  private holdWanted(rec: WindowRecord, t: number | undefined): number | undefined {
    if (rec.closed) return undefined;
    if (rec.end === Infinity) {
      // The global window's next pane goes out at its hold: its earliest element not yet emitted, or
      // with fireAlways and none, the time of its last pane (never the time of its very first element:
      // that would send the final pane before earlier ones and hold the results' frontier all along).
      if (rec.pending === 0) return this.cfg.fireAlways ? t ?? rec.hold : undefined;
      return rec.pending === 1 && t !== undefined ? t : rec.hold ?? t;
    }
    if (!rec.past) return this.sessions ? rec.end - 1 : undefined;
    return rec.due !== undefined ? rec.hold ?? t : undefined;
  }

  /** The trigger state of `rec`, to read (the shared initial state when it has none yet). */
  private peek(rec: WindowRecord): TriggerState {
    return rec.trigger ?? this.initial;
  }

  /** The trigger state of `rec`, to change (made on first use). */
  private triggerState(rec: WindowRecord): TriggerState {
    return (rec.trigger ??= triggerInit(this.trigger));
  }

  /** Gives up the capability `rec` holds, if any. */
  private release(rec: WindowRecord): void {
    if (rec.hold === undefined) return;
    this.holds.release(rec.hold);
    rec.hold = undefined;
  }

  /** The input ended: global windows fire their final panes, everything is dropped. */
  private endOfInput(ctx: LogicContext): void {
    this.forget(Infinity);
    this.byWindow.clear();
    for (const [key, list] of this.store.entries()) {
      for (const rec of list) {
        rec.past = true;
        if (!rec.closed && rec.hold !== undefined && (rec.pending > 0 || this.cfg.fireAlways)) this.fire(ctx, key, rec, rec.hold, true, undefined, 0);
        this.release(rec);
      }
      list.length = 0;
      this.store.remove(key);
    }
    this.send(ctx);
  }

  /** Sends what was gathered, then drops the capabilities no longer needed. */
  private send(ctx: LogicContext): void {
    this.out.flush(ctx);
    this.holds.sweep();
  }

  toString(): string {
    return `WindowLogic(${this.cfg.assigner.kind}, ${this.stash.size} pending times, ${this.cfg.state.size} keys)`;
  }
}

function deepFreeze<T>(x: T): T {
  if (x !== null && typeof x === "object") {
    for (const v of Object.values(x)) deepFreeze(v);
    Object.freeze(x);
  }
  return x;
}
