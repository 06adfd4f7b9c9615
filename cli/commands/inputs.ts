/** Commands that feed the current graph's inputs: `.inject`, `.advance`, `.close`. */
import type { InputHandle } from "streamweave";
import type { Session } from "../session.js";
import { CommandError, type Command } from "./types.js";

/** The input called `name` of the current graph, or an error listing its inputs. */
function inputNamed(s: Session, name: string): InputHandle<unknown> {
  const g = s.requireGraph();
  const inputs = s.inputs();
  const found = inputs.find((i) => i.name === name);
  if (found === undefined) {
    throw new CommandError(`${name === "" ? "which input?" : `no input "${name}" in graph "${g.name}";`} its inputs are: ${inputs.map((i) => i.name).join(", ") || "(none: g.input(\"x\") adds one)"}`);
  }
  return found;
}

const inputNames = (s: Session, index: number): string[] => (index === 0 ? s.inputs().map((i) => i.name) : []);

function parseTime(text: string, what: string): number {
  const t = Number(text);
  if (text === "" || !Number.isSafeInteger(t) || t < 0) throw new CommandError(`${what}: the time must be a non-negative integer, got "${text}"`);
  return t;
}

/** `.inject <input> <json> [@time]`: sends items. */
export const injectCommand: Command = {
  name: "inject",
  usage: ".inject <input> <json> [@time]",
  help: 'Sends a JSON value to an input, at its current time or at @time.\nA JSON array is a batch of items (wrap an array item in another array). Example: .inject clicks {"user":"ada","ts":1000} @3',
  record: true,
  args: inputNames,
  run(s, args) {
    const m = /^(\S*)\s*([\s\S]*?)(?:\s+@\s*(\S+))?\s*$/.exec(args);
    const input = inputNamed(s, m?.[1] ?? "");
    const json = m?.[2] ?? "";
    if (json === "") throw new CommandError(`.inject ${input.name}: what to send? e.g. .inject ${input.name} {"user":"ada","ts":1000}`);
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch (e) {
      throw new CommandError(`.inject ${input.name}: bad JSON (${(e as Error).message}): ${json}`);
    }
    const time = m?.[3] !== undefined ? parseTime(m[3], ".inject") : undefined;
    const n = Array.isArray(value) ? value.length : 1;
    const ok = input.push(value, time);
    const running = s.current?.execution?.status === "running";
    s.print("info", `sent ${n} item${n === 1 ? "" : "s"} to ${input.name} at time ${time ?? String(input.time)}${running ? "" : " (the graph is not running: .run starts it)"}${ok ? "" : " (the input is backed up: the graph is busy)"}`);
  },
};

/** `.advance <input> <time>`: moves an input's time forward. */
export const advanceCommand: Command = {
  name: "advance",
  usage: ".advance <input> <time>",
  help: "Moves an input's time forward (times before it can complete; frontiers move).",
  record: true,
  args: inputNames,
  run(s, args) {
    const [name = "", time = ""] = args.split(/\s+/);
    const input = inputNamed(s, name);
    const t = parseTime(time, `.advance ${input.name}`);
    input.advanceTo(t);
    s.print("info", `${input.name} advanced to ${t}`);
  },
};

/** `.close <input>`: closes an input. */
export const closeCommand: Command = {
  name: "close",
  usage: ".close <input>",
  help: "Closes an input: nothing more will come from it (its frontier becomes empty once the rest is done).",
  record: true,
  args: inputNames,
  run(s, args) {
    const input = inputNamed(s, args.trim());
    input.close();
    s.print("info", `closed ${input.name}`);
  },
};
