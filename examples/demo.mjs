// A small live graph: clicks arrive for a few rounds of logical time; a stateful node counts
// clicks per user per time and emits each count once the frontier has passed that time.
// Every round prints the frontier at each port, so you can watch progress move.
import { Graph } from "streamweave";

// On a terminal, `npm run demo` opens the REPL on a live demo graph instead (streamweave --demo);
// piped, redirected, or given arguments, it prints this plain demo.
if (process.stdin.isTTY && process.stdout.isTTY && process.argv.length <= 2) {
  const { spawnSync } = await import("node:child_process");
  const { fileURLToPath } = await import("node:url");
  const cli = fileURLToPath(new URL("../dist/cli.mjs", import.meta.url));
  process.exit(spawnSync(process.execPath, [cli, "--demo"], { stdio: "inherit" }).status ?? 1);
}

const rounds = Number(process.argv[2] ?? 6);
const pace = Number(process.argv[3] ?? 150);
const users = ["ada", "bob", "cy", "bot"];
const g = new Graph("clicks");
const clicks = g.input("clicks");
const humans = clicks.filter((c) => c.user !== "bot", { name: "humans" }).map((c) => c.user, { name: "user" });

g.node("count", { inputs: ["in"], outputs: ["out"] }, async (ctx) => {
  const open = new Map(); // time -> { cap, counts }
  for await (const ev of ctx.input("in")) {
    if (ev.kind === "data") {
      let slot = open.get(ev.time);
      if (!slot) open.set(ev.time, (slot = { cap: ev.retain(), counts: new Map() }));
      for (const u of ev.items) slot.counts.set(u, (slot.counts.get(u) ?? 0) + 1);
      continue;
    }
    for (const [t, slot] of [...open].sort((a, b) => a[0] - b[0])) {
      if (ev.frontier.lessEqual(t)) continue; // time t can still receive clicks
      await ctx.output("out").send(t, [...slot.counts].map(([user, n]) => `${user}:${n}`));
      slot.cap.drop();
      open.delete(t);
    }
  }
});
g.connect(humans, "count.in");
const counts = g.stream("count.out");
counts.inspect((line, t) => console.log(`  count @${t}  ${line}`));
const probe = counts.probe();

const exec = g.run();
const ports = ["humans.in", "user.in", "count.in", "probe.in"];
const show = (label) => console.log(`${label.padEnd(22)}${ports.map((p) => `${p} ${exec.frontier(p)}`.padEnd(16)).join("")}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

console.log(`StreamWeave demo: ${rounds} rounds of logical time; frontiers per port after each step\n`);
show("start");
for (let t = 0; t < rounds; t++) {
  const batch = Array.from({ length: 5 }, (_, i) => ({ user: users[(t * 7 + i * 3) % users.length], ts: t }));
  await clicks.send(batch);
  await sleep(pace / 2);
  show(`sent 5 clicks @${t}`);
  clicks.advanceTo(t + 1);
  await probe.until(t + 1);
  show(`advanced to ${t + 1}`);
  await sleep(pace / 2);
}
clicks.close();
const result = await exec.done;
show("closed");
console.log(`\nrun ${result.status}; probe done: ${probe.done}`);
