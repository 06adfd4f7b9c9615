// Event time and windows: out-of-order clicks counted per user in 5-second tumbling windows, with
// 2 s of out-of-orderness and 3 s of allowed lateness. Prints every pane and every click that came
// too late for any window, as the watermark moves. Run: npm run build && node examples/windows.mjs
//
// The watermark is the frontier after the event-time stage: the largest timestamp seen minus 2 s.
// A click behind it is late: it travels at the watermark's time, keeping its own timestamp. The
// window operator takes it at once when the watermark is at that time (nothing earlier is left to
// do), so its LATE pane, or its line on the late output, comes right after the click.
import { Graph, tumbling, flinkWatermark } from "streamweave";

const clicks = [
  ["ada", 1000], ["bob", 2500], ["ada", 4200], ["cy", 3000], ["ada", 6100],
  ["bob", 3900], // behind the watermark (4100), but window [0, 5000) has not fired: it counts on time
  ["bob", 7400], // the watermark passes 4999: window [0, 5000) fires on time
  ["ada", 2000], // late (at 5400), within the allowed lateness: a LATE pane at once
  ["cy", 9800],
  ["bob", 4500], // late again (at 7800), still allowed
  ["ada", 11000], // the watermark passes 7999: window [0, 5000) is dropped
  ["bob", 1500], // too late for every window (at 9000): it goes to the late output
  ["ada", 12500],
].map(([user, ts]) => ({ user, ts }));

const g = new Graph("clicks");
const input = g.input("clicks");
const timed = input.eventTime({ timestamp: (c) => c.ts, maxOutOfOrderness: 2000 });
const counts = timed.keyBy((c) => c.user).window(tumbling(5000), { allowedLateness: 3000 }).count();
counts.inspect((r, t) => console.log(`  pane   ${r.key.padEnd(3)} [${r.start}, ${r.end}) count ${r.value}  ${r.pane.timing} #${r.pane.index}  (time ${t})`));
counts.late().inspect((c, t) => console.log(`  late   ${c.user.padEnd(3)} @${c.ts}: every window it belongs to was dropped  (time ${t})`));

const exec = g.run({ mode: "deterministic" });
let shown = "";
const watermark = () => {
  const w = String(timed.frontier);
  if (w !== shown) console.log(`  watermark ${w === "[]" ? "done" : `${w} (Flink: ${flinkWatermark(timed.frontier)})`}`);
  shown = w;
};
console.log("5 s tumbling counts per user; out-of-orderness 2 s, allowed lateness 3 s");
for (const c of clicks) {
  console.log(`click ${c.user.padEnd(3)} @${c.ts}`);
  await input.send(c);
  await exec.quiet();
  watermark();
}
console.log("close");
input.close();
await exec.done;
watermark();
