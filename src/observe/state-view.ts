/**
 * How state stores show: a few lines of text (`util.inspect`) and a notebook bundle with an HTML
 * table of keys, values and versions, made from the plain data a store exposes (`size`,
 * `entries()`). Loading this file makes `MemoryState` print and display through it.
 */
import type { KeyedState } from "../state/keyed-state.js";
import { presentStatesWith } from "../state/presenter.js";
import type { MimeBundle } from "./display.js";
import { escapeHtml, shortValue } from "./html.js";

/** Keys listed in a store's text. */
const TEXT_KEYS = 20;

/** Keys listed in a store's HTML table. */
const TABLE_KEYS = 100;

/** The first `n` entries of `store`. */
function firstEntries(store: KeyedState<unknown>, n: number): Array<{ key: unknown; value: unknown; version: number }> {
  return [...store.entries()].slice(0, n);
}

/** A few lines describing `store`: `title` (e.g. `MemoryState(3 keys)`), then up to 20 keys with their values and versions. */
export function stateText(store: KeyedState<unknown>, title: string = String(store)): string {
  const shown = firstEntries(store, TEXT_KEYS).map((e) => `  ${shortValue(e.key)} = ${shortValue(e.value)} (v${e.version})`);
  return [title, ...shown, ...(store.size > TEXT_KEYS ? [`  … ${store.size - TEXT_KEYS} more`] : [])].join("\n");
}

/** The MIME bundle of `store`: {@link stateText}, and an HTML table of up to 100 keys with their values and versions. */
export function stateBundle(store: KeyedState<unknown>, title: string = String(store)): MimeBundle {
  const rows = firstEntries(store, TABLE_KEYS).map((e) => `<tr><td>${escapeHtml(shortValue(e.key))}</td><td>${escapeHtml(shortValue(e.value))}</td><td>${e.version}</td></tr>`);
  const more = store.size > TABLE_KEYS ? `<tr><td colspan="3">… ${store.size - TABLE_KEYS} more keys</td></tr>` : "";
  return {
    "text/plain": stateText(store, title),
    "text/html": `<table class="streamweave-state"><thead><tr><th>key</th><th>value</th><th>version</th></tr></thead><tbody>${rows.join("")}${more}</tbody></table>`,
  };
}

presentStatesWith({ text: stateText, bundle: stateBundle });
