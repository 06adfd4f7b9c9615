/** Graphs for the notebook view tests: a realistic running graph, a hostile one, big ones. */
import { Graph, ManualClock, tumbling, type Snapshot, type Stream } from "../src/index.js";
import { settle } from "./helpers.js";

/** A click-stream graph caught mid-run: event time, a keyed window, a subgraph, a stuck node with a queue, failures. */
export async function clickstream(): Promise<{ snapshot: Snapshot; finish: () => Promise<void> }> {
  const clock = new ManualClock(0);
  const g = new Graph("clickstream", { capacity: 1 << 20 });
  const clicks = g.input<{ user: string; page: string; ts: number }>("clicks");
  const humans = clicks.filter((c) => c.user !== "bot", { name: "humans" });
  humans
    .eventTime({ timestamp: (c) => c.ts, maxOutOfOrderness: 3 })
    .keyBy((c) => c.user)
    .window(tumbling(10))
    .count()
    .capture({ name: "panes" });
  const enrich = g.subgraph("enrich", (s) => {
    const i = s.input<{ user: string; page: string; ts: number }>("in");
    s.output(
      "out",
      i.map((c) => ({ ...c, section: c.page.split("/")[1] ?? "home" }), { name: "lookup" }).filter((c) => c.section !== "admin", { name: "public" }),
    );
  });
  humans.connectTo(enrich.input("in"));
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  const slow = g.node("store", { inputs: ["in"], outputs: ["out"] }, async (ctx) => {
    for await (const ev of ctx.input("in")) {
      await gate;
      if (ev.kind === "data") await ctx.output("out").send(ev.time, ev.items);
    }
  });
  enrich.output("out").connectTo(slow.input("in"));
  slow.output("out").capture({ name: "stored" });
  const parsed = clicks.map(
    (c) => {
      if (c.page.includes("?")) throw new Error(`cannot parse query in ${c.page}`);
      return c.page;
    },
    { name: "parse" },
  );
  parsed.keyBy((p) => p).count().capture({ name: "hits" });
  const obs = g.observe();
  const exec = g.run({ clock, onError: "continue" });
  const users = ["ada", "bob", "cy", "bot", "dee"];
  const pages = ["/home", "/docs/intro", "/shop/cart", "/search?q=x", "/admin/users"];
  for (let t = 0; t < 24; t++) {
    const batch = [0, 1, 2].map((k) => ({ user: users[(t + k) % users.length]!, page: pages[(t * 3 + k) % pages.length]!, ts: t + k }));
    await clicks.send(batch, t);
    clicks.advanceTo(t + 1);
    clock.advance(250 + ((t * 37) % 200));
    await settle(3);
  }
  await settle();
  const snapshot = obs.snapshot();
  return {
    snapshot,
    finish: async () => {
      open();
      clicks.close();
      await exec.done;
      obs.close();
    },
  };
}

/** Strings that break naive escaping. */
export const HOSTILE = ["<script>alert(1)</script>", `q"u'o"te`, "back\\slash\\N\\l", "new\nline\ttab", "amp&amp;<b>", "a/b.c", "]]>--><!--", "\u0007bell"];

/** A running graph whose names, items, keys, values and failure messages are hostile strings. */
export async function hostileGraph(): Promise<{ snapshot: Snapshot; finish: () => Promise<void> }> {
  const g = new Graph("<script>alert('graph')</script>");
  const a = g.input<string>("<script>alert(1)</script>");
  const m = a.map(
    (x) => {
      if (x.startsWith("<img")) throw new Error(`<script>alert("fail")</script> & "${x}"`);
      return x;
    },
    { name: `q"u'o"te&<b>` },
  );
  // A scan keeps its keys (the hostile items) in its state, so the state table shows them.
  m.keyBy((x) => x).scan((n: number) => n + 1, 0, { name: "back\\slash/a/b" }).capture({ name: "amp&amp;" });
  g.node("<i>raw</i>", { inputs: ["<in>"], outputs: ['"out"'] }, async (ctx) => {
    for await (const ev of ctx.input("<in>")) if (ev.kind === "data") await ctx.output('"out"').send(ev.time, ev.items);
  });
  g.connect(`q"u'o"te&<b>.out`, "<i>raw</i>.<in>");
  const obs = g.observe();
  const exec = g.run({ onError: "continue" });
  await a.send(["<script>alert(2)</script>", "back\\slash", "new\nline", `"'&`, "<img src=x onerror=alert(3)>"]);
  a.advanceTo(1);
  await settle();
  const snapshot = obs.snapshot();
  return {
    snapshot,
    finish: async () => {
      a.close();
      await exec.done;
      obs.close();
    },
  };
}

/** A chain of `n` nodes (1 input and `n - 1` maps), not run. */
export function chain(n: number, name = "chain"): Graph {
  const g = new Graph(name);
  let s: Stream<number> = g.input<number>("a");
  for (let i = 1; i < n; i++) s = s.map((x) => x + 1);
  return g;
}

/** `groups` subgraphs of `size` nodes each, chained one after another: `groups * (size + 1) + 1` nodes. */
export function subgraphChain(groups: number, size: number): Graph {
  const g = new Graph("many-subgraphs");
  let s: Stream<number> = g.input<number>("a");
  for (let k = 0; k < groups; k++) {
    const sub = g.subgraph(`stage${k}`, (sg) => {
      let x: Stream<number> = sg.input<number>("in");
      for (let i = 0; i < size; i++) x = x.map((v) => v + 1);
      sg.output("out", x);
    });
    s.connectTo(sub.input("in"));
    s = sub.output<number>("out");
  }
  return g;
}
