// The README's own-operator snippet.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Graph, MemoryState } from "streamweave";

// Each user's first click, whenever it comes. What the operator remembers is its keyed state,
// so views show it and checkpoints keep it.
function firstPerUser() {
  const state = new MemoryState();
  return {
    state,
    onData(ctx, _port, time, clicks) {
      // A put under a stored version is refused, so only a user's first click gets through.
      const first = clicks.filter((c) => state.put(c.user, true, 1));
      if (first.length > 0) ctx.emit(0, time, first);
    },
    // Called once on a restore, with `state` already put back; it holds no capability between
    // batches, so there is nothing more to take back (ctx.mint(time) would).
    restore() {},
  };
}

const folder = mkdtempSync(join(tmpdir(), "clicks-"));
const store = join(folder, "state.db");

function job() {
  const g = new Graph("clicks");
  const clicks = g.input("clicks");
  const firsts = clicks.via("firstPerUser", firstPerUser(), { name: "first" }).capture();
  return { g, clicks, firsts };
}

const a = job();
const first = a.g.run({ checkpoints: { store } });
await a.clicks.send([{ user: "ann" }, { user: "bob" }, { user: "ann" }]);
a.clicks.advanceTo(1);
await first.checkpoint();
first.stop();
await first.done;
console.log("before the checkpoint:", a.firsts.items().map((c) => c.user));

const b = job();
const second = b.g.run({ checkpoints: { store }, restore: "latest" });
await b.clicks.send([{ user: "bob" }, { user: "cy" }, { user: "ann" }]);
b.clicks.close();
await second.done;
console.log("after the restore:", b.firsts.items().map((c) => c.user));
rmSync(folder, { recursive: true });
