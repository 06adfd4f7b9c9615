/** Logical time: timestamps, their partial order, path summaries, antichains, and their plain views. */
export { lessEqual, lessThan, timeEquals, timeKey, compareTimes, formatTime, checkTime } from "./order.js";
export type { Time, Timestamp } from "./order.js";
export { Product, product } from "./product.js";
export { IDENTITY, applySummary, followedBy, summaryLessEqual, isIdentity, formatSummary, checkSummary, ProductSummary } from "./summary.js";
export type { Summary, PathSummary } from "./summary.js";
export { Antichain } from "./antichain.js";
export { MutableAntichain, diffFrontiers } from "./mutable-antichain.js";
export type { FrontierChange } from "./mutable-antichain.js";
export { timeView, frontierView } from "./views.js";
export type { TimeView, FrontierView } from "./views.js";
export { timeToPlain, timeFromPlain } from "./plain-time.js";
export type { PlainTime } from "./plain-time.js";
