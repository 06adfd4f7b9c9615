// The README's short example.
import { Graph } from "streamweave";

const g = new Graph("clicks");
const clicks = g.input("clicks");
const users = clicks.filter((c) => c.user !== "bot").map((c) => c.user);
const probe = users.probe();
const out = users.capture();

const exec = g.run();
await clicks.send({ user: "ada", ts: 1 });
clicks.advanceTo(1);
await probe.until(1);
console.log(String(exec.frontier("map.in")));
clicks.close();
await exec.done;
console.log(out.items(), out.byTime());
