// IdentDesk's Mantine theme: calm, dense enough for a back office.
import { createTheme } from "@mantine/core";

// On Linux, WebKitGTK asks fontconfig for every family of a font stack that is not
// installed before it falls back, on the first layout of each size and weight: the
// stacks written for macOS and Windows cost ~45 ms of the first frame (measured with
// `performance.mark`s under `cargo xtask bench`). The generic families resolve at once to
// the desktop's configured fonts, which is what a Linux app should show anyway.
const onLinux = typeof navigator !== "undefined" && /Linux/.test(navigator.userAgent) && !/Android/.test(navigator.userAgent);

const fonts = onLinux
  ? { sans: "sans-serif", mono: "monospace" }
  : {
      sans: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
      mono: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
    };

export const theme = createTheme({
  primaryColor: "blue",
  defaultRadius: "md",
  fontFamily: fonts.sans,
  fontFamilyMonospace: fonts.mono,
  headings: { fontFamily: fonts.sans },
});
