/** Scripts: sequences of input calls as replayable text (parse, format, record, play). */
export { parseScript, formatScript, checkScript, ScriptError } from "./format.js";
export type { ParseOptions } from "./format.js";
export { runScript } from "./run.js";
export type { RunScriptOptions } from "./run.js";
export { CallRecording } from "./record.js";
export type { RecordOptions } from "./record.js";
export type { ScriptCall } from "../runtime/input-driver.js";
