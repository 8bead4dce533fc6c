// The yardstick window's start, as the app's (src/boot.tsx) without its data, languages or
// server-state cache: Mantine's styles and the app's theme, then one render. Marks `boot`
// and `render` as the app does.
import "../src/mantineStyles";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { MantineProvider } from "@mantine/core";
import { cssVariablesResolver, theme } from "../src/theme";
import { Window } from "./Window";

performance.mark("boot");
const styleNonce = document.querySelector('meta[name="identdesk-style-nonce"]')?.getAttribute("content") ?? "";
const root = document.getElementById("root");
if (root) {
  performance.mark("render");
  createRoot(root).render(
    <StrictMode>
      <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="auto" getStyleNonce={() => styleNonce}>
        <Window />
      </MantineProvider>
    </StrictMode>,
  );
}
