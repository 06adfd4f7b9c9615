/**
 * Running a trigger for one window: its state is plain data kept in the window's record.
 *
 * The window calls `triggerElement` after adding an element, asks `triggerReady` whether to fire
 * (with whether the watermark has passed the end of the window, and the processing time), calls
 * `triggerFired` after emitting a pane, and reads `triggerDue` for the processing time at which a
 * delay may make it ready (to set a timer). A finished trigger (`triggerFinished`) closes its
 * window. Sessions merge the states of merged windows with `triggerMerge` (counts add up, the
 * earliest deadline wins, the on-time firing counts as done if it was done for any of them;
 * `afterEach` goes on from the earliest step any of them is at).
 */
import type { Trigger } from "./triggers.js";

/** A trigger's state for one window (plain data). */
export interface TriggerState {
  /** Elements counted (afterCount); the step at (afterEach). */
  n?: number;
  /** Processing time at which a delay is due (afterDelay). */
  due?: number;
  /** The trigger fired and is finished (afterCount, afterDelay, afterFirst, afterAll). */
  done?: boolean;
  /** The on-time firing happened (onTime). */
  fired?: boolean;
  /** Sub-trigger states: onTime `[early, late]`; repeatedly `[child]`; afterFirst/afterAll one each; afterEach `[current step]`; orFinally `[trigger, until]`. */
  subs?: Array<TriggerState | null>;
}

/** The state of `t` for a new window (or after `repeatedly` starts it over). */
export function triggerInit(t: Trigger): TriggerState {
  switch (t.kind) {
    case "count":
      return { n: 0 };
    case "delay":
    case "never":
      return {};
    case "each":
      return { n: 0, subs: [triggerInit(t.triggers[0]!)] };
    case "orFinally":
      return { subs: [triggerInit(t.trigger), triggerInit(t.until)] };
    case "repeatedly":
      return { subs: [triggerInit(t.trigger)] };
    case "first":
    case "all":
      return { subs: t.triggers.map(triggerInit) };
    case "onTime":
      return t.early ? { fired: false, subs: [triggerInit(t.early), null] } : { fired: false };
  }
}

/** An element was added to the pane at processing time `now`. */
export function triggerElement(t: Trigger, s: TriggerState, now: number): void {
  switch (t.kind) {
    case "count":
      if (!s.done) s.n = (s.n ?? 0) + 1;
      return;
    case "delay":
      if (!s.done && s.due === undefined) s.due = t.alignedTo === undefined ? now + t.ms : aligned(now + t.ms, t.alignedTo, t.offset ?? 0);
      return;
    case "repeatedly":
      triggerElement(t.trigger, s.subs![0]!, now);
      return;
    case "first":
    case "all":
      t.triggers.forEach((c, i) => triggerElement(c, s.subs![i]!, now));
      return;
    case "onTime": {
      const phase = s.fired ? t.late : t.early;
      if (phase !== undefined) triggerElement(phase, sub(t, s, s.fired ? 1 : 0), now);
      return;
    }
    case "each":
      if (!s.done) triggerElement(t.triggers[s.n!]!, s.subs![0]!, now);
      return;
    case "orFinally":
      if (!s.done) {
        triggerElement(t.trigger, s.subs![0]!, now);
        triggerElement(t.until, s.subs![1]!, now);
      }
      return;
    case "never":
      return;
  }
}

/** True when the trigger should fire now (`past`: the watermark passed the end of the window). */
export function triggerReady(t: Trigger, s: TriggerState, past: boolean, now: number): boolean {
  switch (t.kind) {
    case "count":
      return !s.done && (s.n ?? 0) >= t.n;
    case "delay":
      return !s.done && s.due !== undefined && now >= s.due;
    case "repeatedly":
      return triggerReady(t.trigger, s.subs![0]!, past, now);
    case "first":
      return !s.done && t.triggers.some((c, i) => triggerReady(c, s.subs![i]!, past, now));
    case "all":
      return !s.done && t.triggers.every((c, i) => s.subs![i]!.done === true || triggerReady(c, s.subs![i]!, past, now));
    case "onTime":
      if (!s.fired) return past || (t.early !== undefined && triggerReady(t.early, sub(t, s, 0), past, now));
      return t.late !== undefined && triggerReady(t.late, sub(t, s, 1), past, now);
    case "each":
      return !s.done && triggerReady(t.triggers[s.n!]!, s.subs![0]!, past, now);
    case "orFinally":
      return !s.done && (triggerReady(t.trigger, s.subs![0]!, past, now) || triggerReady(t.until, s.subs![1]!, past, now));
    case "never":
      return false;
  }
}

/** The window emitted a pane because the trigger was ready (at processing time `now`). */
export function triggerFired(t: Trigger, s: TriggerState, past: boolean, now: number): void {
  switch (t.kind) {
    case "never":
      return;
    case "each": {
      const step = t.triggers[s.n!]!;
      const st = s.subs![0]!;
      triggerFired(step, st, past, now);
      if (!triggerFinished(step, st)) return;
      s.n = s.n! + 1;
      if (s.n < t.triggers.length) s.subs![0] = triggerInit(t.triggers[s.n]!);
      else s.done = true;
      return;
    }
    case "orFinally":
      if (triggerReady(t.until, s.subs![1]!, past, now)) {
        s.done = true;
      } else {
        triggerFired(t.trigger, s.subs![0]!, past, now);
        if (triggerFinished(t.trigger, s.subs![0]!)) s.done = true;
      }
      return;
    case "count":
    case "delay":
    case "first":
    case "all":
      s.done = true;
      return;
    case "repeatedly":
      s.subs![0] = triggerInit(t.trigger);
      return;
    case "onTime":
      if (!s.fired && past) {
        s.fired = true;
        s.subs = [null, t.late ? triggerInit(t.late) : null];
      } else if (!s.fired) {
        (s.subs ??= [null, null])[0] = t.early ? triggerInit(t.early) : null;
      } else {
        (s.subs ??= [null, null])[1] = t.late ? triggerInit(t.late) : null;
      }
      return;
  }
}

/** True when the trigger will never fire again (its window closes). */
export function triggerFinished(t: Trigger, s: TriggerState): boolean {
  switch (t.kind) {
    case "repeatedly":
    case "never":
      return false;
    case "onTime":
      return s.fired === true && t.late === undefined;
    default:
      return s.done === true;
  }
}

/** The processing time at which the trigger may become ready by a delay (undefined: none pending). */
export function triggerDue(t: Trigger, s: TriggerState): number | undefined {
  switch (t.kind) {
    case "count":
    case "never":
      return undefined;
    case "delay":
      return s.done ? undefined : s.due;
    case "each":
      return s.done ? undefined : triggerDue(t.triggers[s.n!]!, s.subs![0]!);
    case "orFinally":
      return s.done ? undefined : earliest([triggerDue(t.trigger, s.subs![0]!), triggerDue(t.until, s.subs![1]!)]);
    case "repeatedly":
      return triggerDue(t.trigger, s.subs![0]!);
    case "first":
    case "all":
      return s.done ? undefined : earliest(t.triggers.map((c, i) => triggerDue(c, s.subs![i]!)));
    case "onTime": {
      const phase = s.fired ? t.late : t.early;
      return phase === undefined ? undefined : triggerDue(phase, sub(t, s, s.fired ? 1 : 0));
    }
  }
}

/**
 * The state of a window merged from windows with states `states` (sessions); `past` says whether
 * the watermark has passed the end of the merged window (if not, its on-time firing is to come).
 */
export function triggerMerge(t: Trigger, states: readonly TriggerState[], past: boolean): TriggerState {
  if (states.length === 1) return mergeOne(t, states[0]!, past);
  switch (t.kind) {
    case "count":
      return { n: states.reduce((a, s) => a + (s.n ?? 0), 0), done: states.some((s) => s.done === true) && states.every((s) => s.done === true) };
    case "delay": {
      const due = earliest(states.map((s) => (s.done ? undefined : s.due)));
      return due === undefined ? {} : { due };
    }
    case "repeatedly":
      return { subs: [triggerMerge(t.trigger, states.map((s) => s.subs![0]!), past)] };
    case "never":
      return {};
    case "each": {
      const live = states.filter((s) => s.done !== true);
      if (live.length === 0) return { n: t.triggers.length, done: true, subs: [{}] };
      const n = Math.min(...live.map((s) => s.n!));
      return { n, subs: [triggerMerge(t.triggers[n]!, live.filter((s) => s.n === n).map((s) => s.subs![0]!), past)] };
    }
    case "orFinally":
      return {
        done: states.every((s) => s.done === true),
        subs: [triggerMerge(t.trigger, states.map((s) => s.subs![0]!), past), triggerMerge(t.until, states.map((s) => s.subs![1]!), past)],
      };
    case "first":
    case "all":
      return { done: states.every((s) => s.done === true), subs: t.triggers.map((c, i) => triggerMerge(c, states.map((s) => s.subs![i]!), past)) };
    case "onTime": {
      const fired = past && states.some((s) => s.fired === true);
      const k = fired ? 1 : 0;
      const phase = fired ? t.late : t.early;
      const subs: Array<TriggerState | null> = [null, null];
      if (phase !== undefined) subs[k] = triggerMerge(phase, states.filter((s) => (s.fired === true) === fired).map((s) => sub(t, s, k)), past);
      return { fired, subs };
    }
  }
}

/**
 * `triggerMerge(t, [s], past)` without the intermediate arrays: a session that grows by one element
 * is one window merged into a new one, once per element, so this is the common case.
 */
function mergeOne(t: Trigger, s: TriggerState, past: boolean): TriggerState {
  switch (t.kind) {
    case "count":
      return { n: s.n ?? 0, done: s.done === true };
    case "delay":
      return s.done || s.due === undefined ? {} : { due: s.due };
    case "never":
      return {};
    case "repeatedly":
      return { subs: [mergeOne(t.trigger, s.subs![0]!, past)] };
    case "first":
    case "all":
      return { done: s.done === true, subs: t.triggers.map((c, i) => mergeOne(c, s.subs![i]!, past)) };
    case "each":
      return s.done === true ? { n: t.triggers.length, done: true, subs: [{}] } : { n: s.n!, subs: [mergeOne(t.triggers[s.n!]!, s.subs![0]!, past)] };
    case "orFinally":
      return { done: s.done === true, subs: [mergeOne(t.trigger, s.subs![0]!, past), mergeOne(t.until, s.subs![1]!, past)] };
    case "onTime": {
      const fired = past && s.fired === true;
      const k = fired ? 1 : 0;
      const phase = fired ? t.late : t.early;
      const subs: Array<TriggerState | null> = [null, null];
      if (phase !== undefined) subs[k] = (s.fired === true) === fired ? mergeOne(phase, sub(t, s, k), past) : triggerMerge(phase, [], past);
      return { fired, subs };
    }
  }
}

/** Sub-state `k` of an onTime trigger's state, made when missing. */
function sub(t: Extract<Trigger, { kind: "onTime" }>, s: TriggerState, k: 0 | 1): TriggerState {
  const subs = (s.subs ??= [null, null]);
  let x = subs[k];
  if (x === null || x === undefined) {
    const phase = k === 0 ? t.early : t.late;
    x = subs[k] = phase ? triggerInit(phase) : {};
  }
  return x;
}

/** The first `offset + k * period` at or after `x` (Beam's `alignedTo`). */
function aligned(x: number, period: number, offset: number): number {
  const since = (((x - offset) % period) + period) % period;
  return since === 0 ? x : x + period - since;
}

function earliest(xs: ReadonlyArray<number | undefined>): number | undefined {
  let best: number | undefined;
  for (const x of xs) if (x !== undefined && (best === undefined || x < best)) best = x;
  return best;
}
