/**
 * The input history of a kernel session, answering `history_request` the way IPython does:
 * `tail` (the last n cells), `range` (cells `start <= line < stop` of a session) and `search`
 * (a glob over the cell source, `unique`, the last `n`). One session per kernel, numbered 1;
 * lines are execution counts.
 */

/** One executed cell. */
interface Entry {
  readonly line: number;
  readonly input: string;
  readonly output: string | null;
}

/** A history request's content. */
export interface HistoryQuery {
  readonly output?: boolean;
  readonly raw?: boolean;
  readonly hist_access_type?: string;
  readonly session?: number;
  readonly start?: number;
  readonly stop?: number;
  readonly n?: number | null;
  readonly pattern?: string;
  readonly unique?: boolean;
}

/** A history item: `[session, line, input]`, or `[session, line, [input, output]]` with outputs. */
export type HistoryItem = [number, number, string | [string, string | null]];

/** The session number of this kernel's history. */
export const SESSION = 1;

/** The cells run in this kernel (those stored in history). */
export class History {
  private readonly entries: Entry[] = [];

  /** Records cell `line` (its execution count), with its text/plain result if it had one. */
  add(line: number, input: string, output: string | null): void {
    this.entries.push({ line, input, output });
  }

  /** Answers a history request. */
  query(q: HistoryQuery): HistoryItem[] {
    let found: Entry[];
    switch (q.hist_access_type) {
      case "tail":
        found = last(this.entries, q.n);
        break;
      case "range": {
        const session = q.session ?? 0;
        if (session !== SESSION && session !== 0) return [];
        const start = q.start ?? 0;
        const stop = q.stop ?? Infinity;
        found = this.entries.filter((e) => e.line >= start && e.line < stop);
        break;
      }
      case "search": {
        const re = globToRegExp(q.pattern ?? "*");
        let hits = this.entries.filter((e) => re.test(e.input));
        if (q.unique === true) {
          const seen = new Set<string>();
          hits = hits.reverse().filter((e) => !seen.has(e.input) && seen.add(e.input) !== undefined).reverse();
        }
        found = last(hits, q.n);
        break;
      }
      default:
        return [];
    }
    return found.map((e) => [SESSION, e.line, q.output === true ? [e.input, e.output] : e.input]);
  }
}

function last<T>(xs: readonly T[], n: number | null | undefined): T[] {
  return n === undefined || n === null || n <= 0 ? xs.slice() : xs.slice(Math.max(0, xs.length - n));
}

/** A glob (`*`, `?`, `[...]`), matched against the whole text, as SQLite's GLOB that IPython uses. */
export function globToRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*") re += "[\\s\\S]*";
    else if (c === "?") re += "[\\s\\S]";
    else if (c === "[") {
      const end = glob.indexOf("]", i + 2);
      if (end < 0) re += "\\[";
      else {
        // [^...] negates, in GLOB as in a RegExp.
        re += `[${glob.slice(i + 1, end).replace(/\\/g, "\\\\")}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\\]]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}
