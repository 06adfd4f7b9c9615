/**
 * Drawing styled lines with Ink: one `<Text>` per line holding the line as ANSI-styled text (one
 * node per line, not one per segment: Ink lays out and renders far fewer nodes per frame), cut to
 * the panel's width, padded to its height.
 */
import React from "react";
import { Box, Text } from "ink";
import { ansi, fit, type Line } from "./lines.js";

/** Props of `LinesView`. */
export interface LinesViewProps {
  /** The lines. */
  readonly lines: readonly Line[];
  /** Columns: longer lines are cut. */
  readonly width: number;
  /** Rows: extra lines are dropped, missing ones left blank. */
  readonly height?: number;
}

/** Draws `lines` in a box of `width` × `height`. */
export function LinesView({ lines, width, height }: LinesViewProps): React.ReactElement {
  const shown = height === undefined ? lines : lines.slice(0, height);
  return (
    <Box flexDirection="column" width={width} {...(height !== undefined ? { height } : {})} flexShrink={0}>
      {shown.map((line, i) => (
        <Text key={i} wrap="truncate-end">
          {line.length === 0 ? " " : ansi(fit(line, width, false))}
        </Text>
      ))}
    </Box>
  );
}
