/** Commands for checkpoints: `.checkpoint` takes one of the current run, `.restore` runs the current graph from one. */
import type { CheckpointInfo } from "streamweave";
import { CommandError, type Command } from "./types.js";

/** `.checkpoint`: takes a checkpoint of the current run now. */
export const checkpointCommand: Command = {
  name: "checkpoint",
  usage: ".checkpoint",
  help:
    "Takes a checkpoint of the current run now (the run needs a store: .run --checkpoints <file>, or .restore).\n" +
    "Inputs wait while the run becomes quiet; then every operator's state, capability and timer, every input's time\n" +
    "and every source's position are committed to the store in one transaction.",
  async run(s) {
    const g = s.requireGraph();
    const exec = g.execution;
    if (exec === undefined || exec.status !== "running") throw new CommandError(`graph "${g.name}" is not running; .run --checkpoints <file> starts it with a checkpoint store`);
    if (exec.picture().checkpoints === undefined) throw new CommandError(`graph "${g.name}" runs without a checkpoint store; a graph runs once: build it again, then .run --checkpoints <file>`);
    s.print("info", describe(await exec.checkpoint()));
  },
};

/** `.restore <file> [id]`: runs the current graph, not yet run, from a checkpoint of a store. */
export const restoreCommand: Command = {
  name: "restore",
  usage: ".restore <file> [id]",
  help:
    "Runs the current graph (built again, not yet run) from checkpoint id (default: the latest) of the store in <file>,\n" +
    "and goes on checkpointing into it: every operator's state, capability and timer, every input's time and every\n" +
    "source's position come back. The graph must have the checkpoint's nodes, by name and kind.",
  record: true,
  args: (_s, i) => (i === 0 ? "files" : []),
  run(s, args) {
    const g = s.requireGraph();
    const [file, id, ...rest] = args.split(/\s+/).filter((w) => w !== "");
    if (file === undefined || rest.length > 0) throw new CommandError(`.restore needs a store file and at most a checkpoint id: ${restoreCommand.usage}`);
    const which = id === undefined || id === "latest" ? "latest" : Number(id);
    if (which !== "latest" && !(Number.isSafeInteger(which) && which > 0)) throw new CommandError(`.restore: a checkpoint id is a positive integer (or latest), got "${id}"`);
    if (g.execution !== undefined) throw new CommandError(`graph "${g.name}" has already run (${g.execution.status}); a graph runs once: build it again, then .restore ${file}`);
    const exec = g.run({ checkpoints: { store: file }, restore: which });
    s.noticeGraphs();
    const from = exec.restoredFrom;
    s.print("info", from === undefined ? `running graph "${g.name}" from the beginning: store ${file} holds no checkpoint` : `running graph "${g.name}" (${exec.mode}) from checkpoint ${from.id} at ${from.frontier}${from.skipped.length > 0 ? `; passed over ${from.skipped.map((p) => `#${p.id} (${p.reason})`).join(", ")}` : ""}`);
  },
};

function describe(c: CheckpointInfo): string {
  const sources = Object.entries(c.sources).map(([name, p]) => `${name} at ${JSON.stringify((p as { position?: unknown } | null)?.position ?? p)}`);
  return `checkpoint ${c.id} at ${c.frontier}: ${c.keys} keys, ${c.bytes} bytes, ${c.durationMs} ms${sources.length > 0 ? `; ${sources.join(", ")}` : ""}`;
}
