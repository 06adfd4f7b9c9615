/**
 * Turning raw terminal input into keys. A chunk of input may hold many keys (fast typing, a
 * paste, keys sent by a test): it is split into printable runs, control keys and escape
 * sequences. Bracketed paste (`ESC [200~ … ESC [201~`) comes out as one `paste` key.
 */

/** A key press (or a run of printable text). */
export type Key =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "paste"; readonly text: string }
  | { readonly kind: "enter" | "tab" | "backspace" | "delete" | "escape" | "up" | "down" | "left" | "right" | "home" | "end" | "pageup" | "pagedown" | "wordleft" | "wordright" }
  | { readonly kind: "ctrl"; readonly key: string }
  | { readonly kind: "meta"; readonly key: string };

const CSI: Record<string, Key["kind"]> = {
  A: "up",
  B: "down",
  C: "right",
  D: "left",
  H: "home",
  F: "end",
  "1~": "home",
  "7~": "home",
  "4~": "end",
  "8~": "end",
  "3~": "delete",
  "5~": "pageup",
  "6~": "pagedown",
  "1;5C": "wordright",
  "1;5D": "wordleft",
  "1;3C": "wordright",
  "1;3D": "wordleft",
};

const PASTE_START = "\x1b[200~";
const PASTE_END = "\x1b[201~";

/** The keys in a chunk of raw input. */
export function parseKeys(data: string): Key[] {
  const keys: Key[] = [];
  let text = "";
  const flush = (): void => {
    if (text !== "") keys.push({ kind: "text", text });
    text = "";
  };
  let i = 0;
  while (i < data.length) {
    const c = data[i]!;
    if (data.startsWith(PASTE_START, i)) {
      flush();
      const end = data.indexOf(PASTE_END, i + PASTE_START.length);
      const stop = end < 0 ? data.length : end;
      keys.push({ kind: "paste", text: data.slice(i + PASTE_START.length, stop) });
      i = end < 0 ? data.length : end + PASTE_END.length;
      continue;
    }
    if (c === "\x1b") {
      flush();
      const next = data[i + 1];
      if (next === "[" || next === "O") {
        const m = /^[\d;]*[A-Za-z~]/.exec(data.slice(i + 2));
        if (m !== null) {
          const kind = CSI[m[0]];
          if (kind !== undefined) keys.push({ kind } as Key);
          i += 2 + m[0].length;
          continue;
        }
      }
      if (next === "b" || next === "f") {
        keys.push({ kind: next === "b" ? "wordleft" : "wordright" });
        i += 2;
        continue;
      }
      if (next === "\x7f") {
        keys.push({ kind: "meta", key: "backspace" });
        i += 2;
        continue;
      }
      if (next !== undefined && next !== "\x1b" && next >= " ") {
        keys.push({ kind: "meta", key: next });
        i += 2;
        continue;
      }
      keys.push({ kind: "escape" });
      i++;
      continue;
    }
    if (c === "\r" || c === "\n") {
      flush();
      keys.push({ kind: "enter" });
      i += c === "\r" && data[i + 1] === "\n" ? 2 : 1;
      continue;
    }
    if (c === "\t") {
      flush();
      keys.push({ kind: "tab" });
    } else if (c === "\x7f" || c === "\b") {
      flush();
      keys.push({ kind: "backspace" });
    } else if (c < " ") {
      flush();
      keys.push({ kind: "ctrl", key: String.fromCharCode(c.charCodeAt(0) + 96) });
    } else text += c;
    i++;
  }
  flush();
  return keys;
}
