/**
 * How state stores are shown: a slot the observation layer (`src/observe/state-view.ts`) fills
 * when it loads. Backends store plain data and never render it; their `util.inspect` text and
 * notebook bundle come from here, and are just `toString()` while nothing fills the slot.
 */
import type { KeyedState } from "./keyed-state.js";

/** Renders a state store from the plain data it exposes. */
export interface StatePresenter {
  /** A few lines of text describing `store`; `title` is its `toString()`. */
  text(store: KeyedState<unknown>, title: string): string;
  /** The MIME bundle of `store` (text/plain and text/html); `title` is its `toString()`. */
  bundle(store: KeyedState<unknown>, title: string): Record<string, string>;
}

let presenter: StatePresenter | undefined;

/** @internal Sets how state stores are shown (the observation layer calls it once, when it loads). */
export function presentStatesWith(p: StatePresenter): void {
  presenter = p;
}

/** The text of `store` (its `title` alone while no presenter is set). */
export function presentedText(store: KeyedState<unknown>, title: string): string {
  return presenter === undefined ? title : presenter.text(store, title);
}

/** The MIME bundle of `store` (text/plain alone while no presenter is set). */
export function presentedBundle(store: KeyedState<unknown>, title: string): Record<string, string> {
  return presenter === undefined ? { "text/plain": title } : presenter.bundle(store, title);
}
