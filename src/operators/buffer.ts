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
    item(state, item, out) {
      const buf = state.get<unknown[]>("buffer") ?? [];
      buf.push(item);
      if (buf.length < size) {
        state.set("buffer", buf);
        out.hold();
        return;
      }
      state.delete("buffer");
      out.release();
      out.emit(buf);
    },
    close(state, emit) {
      const buf = state.get<unknown[]>("buffer");
      if (buf !== undefined) emit([buf]);
      state.delete("buffer");
    },
  }, backend);
}
