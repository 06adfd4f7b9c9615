// Determinism, checked: a graph whose result depends on scheduling, what checkDeterminism says
// about it, and two fixes that pass. Run with `npm run build && node examples/determinism.mjs`.
import { checkDeterminism, Graph, runScript } from "../dist/index.js";

// Orders from a web shop and an app, merged; each order gets a receipt number as it arrives.
// The merge reads whichever input has data, so the numbers depend on how tasks were scheduled.
function receipts() {
  const g = new Graph("receipts");
  const web = g.input("web");
  const app = g.input("app");
  let next = 1;
  web.concat(app).map((order) => `#${next++} ${order}`, { name: "receipt" }).capture();
  return g;
}

// Fix 2: number each second's orders only once the second is complete, in a fixed order.
function sortedReceipts() {
  const g = new Graph("receipts");
  const web = g.input("web");
  const app = g.input("app");
  let next = 1;
  web.concat(app)
    .aggregate({ init: () => [], add: (orders, o) => [...orders, o], result: (orders) => orders.sort() })
    .flatMap((orders) => orders)
    .map((order) => `#${next++} ${order}`, { name: "receipt" })
    .capture();
  return g;
}

// The same input calls for every run: a script (this is also what the REPL's .save writes).
const script = `
send web @0 ["web:tea", "web:cake"]
send app @0 ["app:coffee"]
send web @0 ["web:scone"]
advance web 1
advance app 1
send app @1 ["app:juice", "app:bagel"]
send web @1 ["web:soup"]
close web
close app
`;

console.log("1. The merge read in arrival order, in concurrent mode under 6 randomized schedules:");
const bad = await checkDeterminism(receipts, script, { runs: 6, seed: 1 });
console.log(indent(bad.text));

console.log("\n2. Fixed by logical-time mode (each time's inputs in time, port, edge, arrival order):");
const fixed = await checkDeterminism(receipts, script, { runs: 6, seed: 1, mode: "logical-time" });
console.log(indent(fixed.text));

console.log("\n3. Fixed in concurrent mode by sorting each time's orders before numbering them:");
const sorted = await checkDeterminism(sortedReceipts, script, { runs: 6, seed: 1 });
console.log(indent(sorted.text));

// Step mode: the same script, one node activation or input call per step (the REPL's .step).
console.log("\n4. The original graph in step mode (the same steps every time), first 8 steps:");
const exec = await runScript(receipts(), script, { mode: "step" });
for (let i = 0; i < 8; i++) console.log(`   ${(await exec.step()).summary}`);
const rest = await exec.stepToQuiescence();
console.log(`   ... ${rest.message}`);

function indent(text) {
  return text.split("\n").map((l) => `   ${l}`).join("\n");
}
