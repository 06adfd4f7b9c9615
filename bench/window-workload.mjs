// What the window benchmarks share: the plain loop they compare against (a keyed tumbling-window
// count with a bounded out-of-orderness watermark, written as directly as JavaScript allows: a Map
// of counts per open window, every window's counts handed to `pane` once the watermark passes its
// end), and feeding ids to a run and waiting for it to complete.

/**
 * Counts ids 0..n-1 by `keyOf(id)` in tumbling windows of `size` over `tsOf(id)`, with watermark
 * `max ts - bound` (checked every 1024 ids); calls `pane(key, start, count)` for every pane.
 */
export function tumblingCountLoop(n, { tsOf, keyOf, size, bound, pane }) {
  const open = new Map(); // window start -> Map(key -> count)
  let wm = 0;
  const fire = (upTo) => {
    for (const [start, counts] of open) {
      if (start + size - 1 >= upTo) continue;
      for (const [key, value] of counts) pane(key, start, value);
      open.delete(start);
    }
  };
  for (let id = 0; id < n; id++) {
    const ts = tsOf(id);
    const key = keyOf(id);
    const start = ts - (ts % size);
    let counts = open.get(start);
    if (counts === undefined) open.set(start, (counts = new Map()));
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (ts - bound > wm) {
      wm = ts - bound;
      if ((id & 1023) === 0) fire(wm);
    }
  }
  fire(Infinity);
}

/** Sends ids 0..n-1 to `input` in batches of `batch`, closes it, and waits for `exec` to complete (throws if it failed). */
export async function feedIds(input, exec, n, batch) {
  const buf = new Array(batch);
  for (let i = 0; i < n; i += batch) {
    const m = Math.min(batch, n - i);
    if (buf.length !== m) buf.length = m;
    for (let j = 0; j < m; j++) buf[j] = i + j;
    await input.send(buf);
  }
  input.close();
  const r = await exec.done;
  if (r.status !== "completed" || r.failures.length > 0) throw new Error(`run ended ${r.status}: ${r.failures[0]?.message ?? ""}`);
}
