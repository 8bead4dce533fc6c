// A hover hint (Mantine's Tooltip) whose code loads when the hint is first shown: the sync
// bar's hints appear only after a failed sync, and Tooltip brings its popover positioning
// (floating-ui) into the first chunk, which a row clicked at start-up waits for. Until the
// code is there, the text it explains shows without the hint.
import { lazy, Suspense } from "react";
import type { TooltipProps } from "@mantine/core";

const Tooltip = lazy(() => import("./hintTooltip"));

export function Hint(props: TooltipProps) {
  return (
    <Suspense fallback={props.children}>
      <Tooltip {...props} />
    </Suspense>
  );
}
