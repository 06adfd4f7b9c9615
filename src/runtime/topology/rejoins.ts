/**
 * Rejoining paths: whether data leaving a node can reach some node over two different input edges.
 *
 * Invariant this serves: in deterministic and step modes the order of a node's input over several
 * edges is fixed by the calls applied, one at a time to quiescence. Two consecutive sends to one
 * input at one time may be gathered into one call or not, depending on when the gathered batch is
 * sealed; along paths that never meet again that makes no difference to what any node receives,
 * but where they meet (a diamond, a loop) the interleaving would change. Inputs for which this
 * returns true keep every send a call of its own.
 */
import type { NodeRuntime } from "../node.js";

/** True when some node reachable from `from` has two or more input edges whose sources are reachable from `from` (or are `from`). */
export function rejoins(from: NodeRuntime): boolean {
  const reached = new Set<NodeRuntime>([from]);
  const stack = [from];
  for (let n = stack.pop(); n !== undefined; n = stack.pop()) {
    for (const out of n.outputs) {
      for (const e of out.edges) {
        const to = e.to.node;
        if (!reached.has(to)) {
          reached.add(to);
          stack.push(to);
        }
      }
    }
  }
  for (const n of reached) {
    let fromReached = 0;
    for (const port of n.inputs) for (const e of port.edges) if (reached.has(e.from.node) && ++fromReached > 1) return true;
  }
  return false;
}
