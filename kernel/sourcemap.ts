/**
 * Reading source maps (version 3) just enough to turn a position in compiled cell code back
 * into a line of the cell: decode the VLQ mappings, look a position up, chain two maps.
 */

/** A decoded source map: for each generated line, its segments sorted by column. */
export interface DecodedMap {
  /** `lines[generatedLine]` = segments `[generatedColumn, sourceLine, sourceColumn]` (all 0-based). */
  readonly lines: ReadonlyArray<ReadonlyArray<readonly [number, number, number]>>;
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const DIGIT = new Map([...B64].map((c, i) => [c, i]));

/** Decodes the `mappings` of a source map with a single source. */
export function decodeMap(map: { readonly mappings: string }): DecodedMap {
  const lines: Array<Array<[number, number, number]>> = [];
  let srcLine = 0;
  let srcCol = 0;
  for (const lineText of map.mappings.split(";")) {
    const segs: Array<[number, number, number]> = [];
    let genCol = 0;
    for (const seg of lineText.split(",")) {
      if (seg === "") continue;
      const v = vlq(seg);
      genCol += v[0]!;
      if (v.length >= 4) {
        srcLine += v[2]!;
        srcCol += v[3]!;
        segs.push([genCol, srcLine, srcCol]);
      }
    }
    segs.sort((a, b) => a[0] - b[0]);
    lines.push(segs);
  }
  return { lines };
}

function vlq(s: string): number[] {
  const out: number[] = [];
  let value = 0;
  let shift = 0;
  for (const c of s) {
    const d = DIGIT.get(c);
    if (d === undefined) throw new Error(`bad source map character "${c}"`);
    value += (d & 31) << shift;
    if (d & 32) {
      shift += 5;
    } else {
      out.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return out;
}

/**
 * Where generated (line, column) (0-based) came from: the last segment at or before the column
 * on that line, else the line's first segment, else the nearest mapped line above.
 */
export function lookup(map: DecodedMap, line: number, column: number): { line: number; column: number } | undefined {
  for (let l = Math.min(line, map.lines.length - 1); l >= 0; l--) {
    const segs = map.lines[l]!;
    if (segs.length === 0) continue;
    if (l !== line) return { line: segs[segs.length - 1]![1], column: segs[segs.length - 1]![2] };
    let best = segs[0]!;
    for (const s of segs) {
      if (s[0] <= column) best = s;
      else break;
    }
    return { line: best[1], column: best[2] };
  }
  return undefined;
}
