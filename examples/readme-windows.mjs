// The README's event-time snippet.
import { Graph, tumbling } from "streamweave";

const g = new Graph("clicks");
const clicks = g.input("clicks");
const counts = clicks
  .eventTime({ timestamp: (c) => c.ts, maxOutOfOrderness: 2000 }) // watermark: max ts seen - 2 s
  .keyBy((c) => c.user)
  .window(tumbling(5000), { allowedLateness: 3000 })
  .count();
const panes = counts.capture();
const late = counts.late().capture();
const exec = g.run();
await clicks.send([{ user: "ada", ts: 1000 }, { user: "ada", ts: 4200 }, { user: "ada", ts: 8000 }, { user: "ada", ts: 500 }]);
clicks.close();
await exec.done;
for (const r of panes.items()) console.log(`${r.key} [${r.start}, ${r.end}) ${r.value} ${r.pane.timing}`);
console.log(late.items());
