// The overview's outcomes in the order they stack, each with a colour per theme. Colours
// are concrete (not CSS variables) so a chart exported as PNG looks as it does on screen;
// each keeps 3:1 contrast against its theme's background (WCAG 1.4.11 for graphics).
import type { Outcome } from "../../platform";

export const OUTCOMES: Outcome[] = [
  "success",
  "successDataChanged",
  "reviewPending",
  "fraud",
  "canceled",
  "aborted",
  "failed",
  "open",
  "other",
];

const LIGHT: Record<Outcome, string> = {
  success: "#2b8a3e",
  successDataChanged: "#0c8599",
  reviewPending: "#1971c2",
  fraud: "#c92a2a",
  canceled: "#495057",
  aborted: "#b35c00",
  failed: "#862e9c",
  open: "#748091",
  other: "#a61e4d",
};

const DARK: Record<Outcome, string> = {
  success: "#69db7c",
  successDataChanged: "#3bc9db",
  reviewPending: "#74c0fc",
  fraud: "#ff8787",
  canceled: "#ced4da",
  aborted: "#ffc078",
  failed: "#e599f7",
  open: "#909aa8",
  other: "#f783ac",
};

export function outcomeColor(outcome: Outcome, dark: boolean): string {
  return (dark ? DARK : LIGHT)[outcome];
}

/** Text and grid colours of a chart, per theme. */
export function chartInk(dark: boolean) {
  return dark ? { text: "#dee2e6", grid: "#495057", background: "#242424" } : { text: "#343a40", grid: "#ced4da", background: "#ffffff" };
}
