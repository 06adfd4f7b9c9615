/**
 * The listeners of a keyed state's changes (what `watch` feeds): empty costs one check per update.
 */
import type { StateChange } from "./keyed-state.js";

/** The functions called after every applied change of one state. */
export class ChangeFeed<V> {
  /** The listeners, or undefined when there are none (the check on every update). */
  listeners: Array<(change: StateChange<V>) => void> | undefined;

  /** Adds `listener`; returns a function that removes it. */
  watch(listener: (change: StateChange<V>) => void): () => void {
    (this.listeners ??= []).push(listener);
    return () => {
      this.listeners = this.listeners?.filter((l) => l !== listener);
      if (this.listeners?.length === 0) this.listeners = undefined;
    };
  }

  /** Calls every listener with `change`. */
  emit(change: StateChange<V>): void {
    if (this.listeners !== undefined) for (const l of this.listeners) l(change);
  }
}
