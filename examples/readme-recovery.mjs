// The README's checkpoint-and-recovery snippet.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Graph, fileSink, generatorSource, tumbling } from "streamweave";

const folder = mkdtempSync(join(tmpdir(), "orders-"));
const store = join(folder, "state.db");
const out = join(folder, "counts.jsonl");

function job() {
  const g = new Graph("orders");
  g.source("orders", generatorSource((p) => (p < 30000 ? [{ shop: `s${p % 3}`, ts: p }] : undefined)), { batch: 500 })
    .eventTime({ timestamp: (o) => o.ts, maxOutOfOrderness: 0 })
    .keyBy((o) => o.shop)
    .window(tumbling(1000))
    .count()
    .map((r) => [r.key, r.start, r.value])
    .sink(fileSink(out)); // exactly once: published with each checkpoint
  return g;
}

// A first run, ended right after its first checkpoint (as a crash would end it; had it finished
// meanwhile, its last checkpoint is the one taken as it completed).
const first = job().run({ checkpoints: { store } });
const cp = await first.checkpoint();
first.stop();
await first.done;
console.log(`checkpoint ${cp.id} committed`);

// Built again and restored, the job reads on from the checkpoint's source position.
const second = job().run({ checkpoints: { store }, restore: "latest" });
console.log(`restored from a checkpoint: ${second.restoredFrom !== undefined}`);
await second.done;
const rows = readFileSync(out, "utf8").trim().split("\n").map((l) => JSON.parse(l));
console.log(`${rows.length} windows, ${rows.reduce((n, [, , c]) => n + c, 0)} orders, each counted once`);
rmSync(folder, { recursive: true }); // the store and the output were only for this example
