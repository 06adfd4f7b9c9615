// The README's test-stream player snippet.
import { Graph, TestStream, timestamped, tumbling, onTime, afterCount } from "streamweave";

const script = TestStream.create()
  .addElements(timestamped("a", 1000), timestamped("b", 2000))
  .addElements(timestamped("c", 3000))
  .advanceWatermarkTo(5000)
  .addElements(timestamped("d", 4000)) // behind the watermark: late, within the allowed lateness
  .advanceWatermarkToInfinity();
const player = script.player(); // plays a step only when told
const g = new Graph("lesson");
const panes = g
  .testStream(player)
  .windowAll(tumbling(5000), { trigger: onTime({ early: afterCount(2), late: afterCount(1) }), allowedLateness: 1000 })
  .collect()
  .capture();
const exec = g.run();
while (player.remaining > 0) {
  await player.step(); // resolves once the graph has handled the step: look at anything now
  console.log(`after step ${player.position}:`, panes.items().map((p) => `${p.value} ${p.pane.timing}`).join(" | "));
}
await exec.done;
