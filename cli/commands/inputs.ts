/** Commands that feed the current graph's inputs: `.inject`, `.advance`, `.close`. */
import { Product, formatTime, type InputHandle, type Time } from "streamweave";
import { CommandError, type Command, type SessionContext } from "./types.js";

/** The input called `name` of the current graph, or an error listing its inputs. */
function inputNamed(s: SessionContext, name: string): InputHandle<unknown> {
  const g = s.requireGraph();
  const inputs = s.inputs();
  const found = inputs.find((i) => i.name === name);
  if (found === undefined) {
    throw new CommandError(`${name === "" ? "which input?" : `no input "${name}" in graph "${g.name}";`} its inputs are: ${inputs.map((i) => i.name).join(", ") || "(none: g.input(\"x\") adds one)"}`);
  }
  return found;
}

const inputNames = (s: SessionContext, index: number): string[] => (index === 0 ? s.inputs().map((i) => i.name) : []);

/**
 * A time written as a non-negative integer (`3`) or a pair `(outer, inner)` of times, a `Product`
 * (`(1, 2)`); undefined when `text` is not one.
 */
export function readTime(text: string): Time | undefined {
  let i = 0;
  const space = (): void => {
    while (/\s/.test(text[i] ?? "")) i++;
  };
  const one = (): Time | undefined => {
    space();
    if (text[i] === "(") {
      i++;
      const outer = one();
      space();
      if (outer === undefined || text[i++] !== ",") return undefined;
      const inner = one();
      space();
      if (inner === undefined || text[i++] !== ")") return undefined;
      return new Product(outer, inner);
    }
    const digits = /^\d+/.exec(text.slice(i))?.[0];
    if (digits === undefined || !Number.isSafeInteger(Number(digits))) return undefined;
    i += digits.length;
    return Number(digits);
  };
  const t = one();
  space();
  return i === text.length ? t : undefined;
}

function parseTime(text: string, what: string): Time {
  const t = readTime(text);
  if (t === undefined) throw new CommandError(`${what}: the time must be a non-negative integer or a pair like (1, 0), got "${text}"`);
  return t;
}

/**
 * The input name at the start of a command's arguments, bare (`clicks`) or a JSON string (`"my
 * input"`, as `.save --inputs` writes a name with spaces), and the text after it.
 */
export function splitInputName(args: string): { name: string; rest: string } {
  const text = args.trim();
  const quoted = /^"(?:[^"\\]|\\.)*"/.exec(text)?.[0];
  if (quoted !== undefined) return { name: JSON.parse(quoted) as string, rest: text.slice(quoted.length).trim() };
  const bare = /^(\S*)\s*([\s\S]*)$/.exec(text)!;
  return { name: bare[1]!, rest: bare[2]! };
}

/**
 * `<json> [@time]` split into the JSON text and the time: a ` @` counts as the time's only where what
 * follows it is a time and what precedes it is valid JSON (`"a @ 5"` is a string).
 */
export function splitAtTime(text: string): { json: string; time?: Time } {
  for (let at = text.lastIndexOf("@"); at > 0; at = text.lastIndexOf("@", at - 1)) {
    if (!/\s/.test(text[at - 1]!)) continue;
    const time = readTime(text.slice(at + 1));
    const json = text.slice(0, at).trim();
    if (time !== undefined && isJson(json)) return { json, time };
  }
  return { json: text.trim() };
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** `.inject <input> <json> [@time]`: sends items. */
export const injectCommand: Command = {
  name: "inject",
  usage: ".inject <input> <json> [@time]",
  help: 'Sends a JSON value to an input, at its current time or at @time (an integer, or a pair @(1, 0)).\nAn input name with spaces is written as a JSON string ("my input"). A JSON array is a batch of items (wrap an array item in another array). Example: .inject clicks {"user":"ada","ts":1000} @3',
  record: true,
  args: inputNames,
  run(s, args) {
    const { name, rest } = splitInputName(args);
    const input = inputNamed(s, name);
    const { json, time } = splitAtTime(rest);
    if (json === "") throw new CommandError(`.inject ${input.name}: what to send? e.g. .inject ${input.name} {"user":"ada","ts":1000}`);
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch (e) {
      const at = json.lastIndexOf(" @");
      if (at > 0 && isJson(json.slice(0, at))) parseTime(json.slice(at + 2).trim(), `.inject ${input.name}: after @`);
      throw new CommandError(`.inject ${input.name}: bad JSON (${(e as Error).message}): ${json}`);
    }
    const n = Array.isArray(value) ? value.length : 1;
    const ok = input.push(value, time);
    const running = s.current?.execution?.status === "running";
    s.print("info", `sent ${n} item${n === 1 ? "" : "s"} to ${input.name} at time ${formatTime(time ?? input.time)}${running ? "" : " (the graph is not running: .run starts it)"}${ok ? "" : " (the input is backed up: the graph is busy)"}`);
  },
};

/** `.advance <input> <time>`: moves an input's time forward. */
export const advanceCommand: Command = {
  name: "advance",
  usage: ".advance <input> <time>",
  help: "Moves an input's time forward (times before it can complete; frontiers move). A time is an integer or a pair (1, 0).",
  record: true,
  args: inputNames,
  run(s, args) {
    const { name, rest } = splitInputName(args);
    const input = inputNamed(s, name);
    const t = parseTime(rest, `.advance ${input.name}`);
    input.advanceTo(t);
    s.print("info", `${input.name} advanced to ${formatTime(t)}`);
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
    const { name, rest } = splitInputName(args);
    const input = inputNamed(s, rest === "" ? name : args.trim());
    input.close();
    s.print("info", `closed ${input.name}`);
  },
};
