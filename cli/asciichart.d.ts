/** Types for asciichart 1.5 (the package ships none): line charts as text. */
declare module "asciichart" {
  /** How a chart is drawn. */
  export interface PlotConfig {
    /** Rows of the plot area minus one. */
    height?: number;
    /** Lowest value shown. */
    min?: number;
    /** Highest value shown. */
    max?: number;
    /** Columns before the axis. */
    offset?: number;
    /** Padding of the default labels. */
    padding?: string;
    /** ANSI color per series. */
    colors?: string[];
    /** Label of a row's value. */
    format?: (value: number, row: number) => string;
  }
  /** Plots one series or several (no NaN, no empty arrays). */
  export function plot(series: number[] | number[][], config?: PlotConfig): string;
  /** ANSI color codes. */
  export const cyan: string;
  export const magenta: string;
  export const yellow: string;
  export const green: string;
  export const blue: string;
  export const lightgray: string;
  export const darkgray: string;
  export const reset: string;
  const asciichart: {
    plot: typeof plot;
    cyan: string;
    magenta: string;
    yellow: string;
    green: string;
    blue: string;
    lightgray: string;
    darkgray: string;
    reset: string;
  };
  export default asciichart;
}
