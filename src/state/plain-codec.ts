/**
 * The text form of plain data in a durable store: JSON, extended so that what an operator may keep
 * survives the round trip exactly — non-finite numbers, `-0`, bigints and `undefined` (as a value
 * or an array slot), which JSON alone loses or refuses. Objects whose keys begin with `$` are
 * escaped, so no user value is mistaken for a tag.
 *
 * Invariant: `decodePlain(encodePlain(v))` is deeply equal to `v` for every value built of
 * null, booleans, numbers, bigints, strings, undefined, arrays and plain objects. Anything else
 * (a function, a Map, a class instance, a cycle) is refused with an error that names its path.
 */

/** A tagged value in the encoded tree. */
type Tagged = { $n: string } | { $b: string } | { $u: 0 } | { $o: Record<string, unknown> };

/** The JSON text for `value`; throws a TypeError naming the path of anything that is not plain data. */
export function encodePlain(value: unknown): string {
  return JSON.stringify(toTree(value, "value", new Set()));
}

/** The value `encodePlain` wrote. */
export function decodePlain(text: string): unknown {
  return fromTree(JSON.parse(text));
}

function toTree(v: unknown, path: string, open: Set<object>): unknown {
  switch (typeof v) {
    case "string":
    case "boolean":
      return v;
    case "number":
      return Number.isFinite(v) && !Object.is(v, -0) ? v : ({ $n: String(Object.is(v, -0) ? "-0" : v) } satisfies Tagged);
    case "bigint":
      return { $b: v.toString() } satisfies Tagged;
    case "undefined":
      return { $u: 0 } satisfies Tagged;
    case "object": {
      if (v === null) return null;
      if (open.has(v)) throw new TypeError(`${path} refers to itself: state must be plain data without cycles`);
      open.add(v);
      try {
        if (Array.isArray(v)) return v.map((x, i) => toTree(x, `${path}[${i}]`, open));
        const proto = Object.getPrototypeOf(v);
        if (proto !== Object.prototype && proto !== null) {
          throw new TypeError(`${path} is a ${proto?.constructor?.name ?? "non-plain object"}: state must be plain data (objects, arrays, numbers, strings, booleans, bigints, null)`);
        }
        const out: Record<string, unknown> = {};
        let escaped = false;
        for (const [k, x] of Object.entries(v)) {
          if (k.startsWith("$")) escaped = true;
          out[k] = toTree(x, `${path}.${k}`, open);
        }
        return escaped ? ({ $o: out } satisfies Tagged) : out;
      } finally {
        open.delete(v);
      }
    }
    default:
      throw new TypeError(`${path} is a ${typeof v}: state must be plain data (objects, arrays, numbers, strings, booleans, bigints, null)`);
  }
}

function fromTree(t: unknown): unknown {
  if (t === null || typeof t !== "object") return t;
  if (Array.isArray(t)) return t.map(fromTree);
  const o = t as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length === 1) {
    const k = keys[0]!;
    if (k === "$n") return Number(o.$n);
    if (k === "$b") return BigInt(o.$b as string);
    if (k === "$u") return undefined;
    if (k === "$o") return fromObject(o.$o as Record<string, unknown>);
  }
  return fromObject(o);
}

function fromObject(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(o)) out[k] = fromTree(x);
  return out;
}
