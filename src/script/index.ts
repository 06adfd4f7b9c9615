/** Scripts: sequences of input calls as replayable text (parse, format, check, record); `runScript` in src/graph plays them. */
export { parseScript } from "./parse.js";
export { formatScript } from "./format.js";
export { checkScript } from "./check.js";
export type { ParseOptions } from "./check.js";
export { ScriptError } from "./syntax.js";
export { CallRecording } from "./record.js";
export type { RecordOptions } from "./record.js";
export type { ScriptCall } from "../runtime/drivers/input-driver.js";
