/** Drawing styled lines with Ink: one `<Text>` per line, cut to the pane's width, padded to its height. */
import React from "react";
import { Box, Text } from "ink";
import { fit, type Line } from "./lines.js";

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
          {(line.length === 0 ? [{ text: " " }] : fit(line, width, false)).map((s, j) => (
            <Text key={j} {...(s.color !== undefined ? { color: s.color } : {})} bold={s.bold ?? false} dimColor={s.dim ?? false}>
              {s.text}
            </Text>
          ))}
        </Text>
      ))}
    </Box>
  );
}
