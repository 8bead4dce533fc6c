// IdentDesk's Mantine theme: calm, dense enough for a back office.
import { createTheme, darken, type CSSVariablesResolver } from "@mantine/core";

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
  // Filled buttons and badges in the darkest shade in light mode, so white text on them
  // reaches WCAG AA (4.5:1); yellow and the like get dark text instead.
  primaryShade: { light: 9, dark: 8 },
  autoContrast: true,
  defaultRadius: "md",
  fontFamily: fonts.sans,
  fontFamilyMonospace: fonts.mono,
  headings: { fontFamily: fonts.sans },
});

/** Text dark (light) enough for WCAG AA (4.5:1) in both themes: helper text ("dimmed") and
 *  errors, which Mantine draws at 3.3:1 on white, and the text of light buttons, badges and
 *  the active navigation entry, which falls to 4:1 under the pointer (Mantine's shade 9 on
 *  the hover shade 2). */
export const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: {
    "--mantine-color-dimmed": t.colors.gray[7],
    "--mantine-color-error": t.colors.red[9],
    ...Object.fromEntries(
      Object.entries(t.colors).map(([name, shades]) => [`--mantine-color-${name}-light-color`, darken(shades[9], 0.35)]),
    ),
  },
  dark: { "--mantine-color-dimmed": t.colors.dark[1], "--mantine-color-error": t.colors.red[4] },
});
