/**
 * `buffer(n)`: a count window over the whole stream in logical-time order (see `sequence.ts`):
 * arrays of `n` consecutive items, each emitted at the time of its last item; the items left over
 * when the input closes come out as a shorter array at the time of the last of them.
 */
import type { KeyedState } from "../state/keyed-state.js";
import type { OperatorLogic } from "../runtime/logic.js";
import { checkCount } from "./checks.js";
import { sequenceLogic } from "./sequence.js";

/** Groups of `n` items (the last group may be shorter). */
export function bufferLogic(n: number, backend?: KeyedState<unknown>): OperatorLogic {
  const size = checkCount(n, "buffer(n): n", 1);
  return sequenceLogic({
    items(state, items, out) {
      let buf = state.get<unknown[]>("buffer") ?? [];
      for (const item of items) {
        buf.push(item);
        if (buf.length === size) {
          out.emit(buf);
          buf = [];
        }
      }
      if (buf.length > 0) {
        state.set("buffer", buf);
        out.hold();
      } else {
        state.delete("buffer");
        out.release();
      }
    },
    close(state, emit) {
      const buf = state.get<unknown[]>("buffer");
      if (buf !== undefined) emit([buf]);
      state.delete("buffer");
    },
  }, backend);
}
