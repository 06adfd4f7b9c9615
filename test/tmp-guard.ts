// Global setup for the whole suite: every test, child process and server started by a test gets a
// private temporary directory (TMPDIR, TMP and TEMP point into it), and the run fails at the end if
// anything is left there, so a test that does not clean up what it creates is found by name.
import { chmodSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Points the temporary directory at a fresh private folder; the returned teardown checks it is empty. */
export function setup(): () => void {
  const outer = tmpdir();
  const own = mkdtempSync(join(outer, "sw-suite-"));
  // Like the system's temporary directory: a test that runs a step as another user can reach it.
  chmodSync(own, 0o1777);
  const saved = { TMPDIR: process.env["TMPDIR"], TMP: process.env["TMP"], TEMP: process.env["TEMP"] };
  process.env["TMPDIR"] = own;
  process.env["TMP"] = own;
  process.env["TEMP"] = own;
  return () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    const left = readdirSync(own);
    rmSync(own, { recursive: true, force: true });
    if (left.length > 0) {
      // vitest reports an error thrown here but still exits 0: the exit code is set as well.
      process.exitCode = 1;
      throw new Error(`the tests left ${left.length} entr${left.length === 1 ? "y" : "ies"} in the temporary directory: ${left.sort().join(", ")}`);
    }
  };
}
