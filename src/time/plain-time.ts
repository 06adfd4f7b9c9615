/**
 * Times as plain data, for checkpoints: a number stays a number (infinities included, as the
 * state codec keeps them), a product becomes `{ product: [outer, inner] }`, recursively.
 *
 * Invariant: `timeFromPlain(timeToPlain(t))` equals `t` for every number and product of them;
 * any other kind of timestamp is refused with an error that names it.
 */
import { formatTime, type Time } from "./order.js";
import { Product } from "./product.js";

/** A time written as plain data. */
export type PlainTime = number | { readonly product: readonly [PlainTime, PlainTime] };

/** `t` as plain data; throws a TypeError for a timestamp that is neither a number nor a product. */
export function timeToPlain(t: Time): PlainTime {
  if (typeof t === "number") return t;
  if (t instanceof Product) return { product: [timeToPlain(t.outer), timeToPlain(t.inner)] };
  throw new TypeError(`time ${formatTime(t)} cannot be written to a checkpoint: only numbers and products of them can`);
}

/** The time `timeToPlain` wrote; throws a TypeError for anything else. */
export function timeFromPlain(p: unknown): Time {
  if (typeof p === "number") return p;
  const pair = (p as { product?: unknown } | null)?.product;
  if (Array.isArray(pair) && pair.length === 2) return new Product(timeFromPlain(pair[0]), timeFromPlain(pair[1]));
  throw new TypeError(`a checkpoint holds ${JSON.stringify(p)} where a time (a number or { product: [outer, inner] }) was expected`);
}
