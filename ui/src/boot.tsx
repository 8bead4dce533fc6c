// The app's start, loaded by the entry (main.tsx) once the page's first rows are painted:
// theme (following the OS), server-state cache, languages, the app. Start-up's moments are
// marked (`performance.mark`: `boot`, `first-page`, `render`) for the start-up benchmark.
import "./mantineStyles";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { MantineProvider } from "@mantine/core";
import { setNonce } from "get-nonce";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import "./i18n";
import { App } from "./App";
import { openedInAddress, takeOpenedFromAddress } from "./navigation";
import { connectCache, queryOf, type IdentificationRef } from "./platform";
import { INITIAL_QUERY, pageQuery } from "./screens/listPages";
import { cssVariablesResolver, theme } from "./theme";

const queryClient = new QueryClient({
  defaultOptions: {
    // Data comes from the local cache: retrying a failed read only delays the message.
    queries: { retry: false, refetchOnWindowFocus: false },
  },
});

// Ask for the first screen's data now (the list's first page, or the detail of a row
// already clicked) and render when it is here (300 ms at the latest):
// the first frame then shows rows at once. Rendering first would not be quicker: while
// React builds that frame the webview holds the (already sent) answer back, and the list
// renders a second time when it arrives.
const FIRST_SCREEN_WAIT_MS = 300;
performance.mark("boot");
connectCache(queryClient);
const firstPage = queryClient.prefetchQuery(pageQuery(INITIAL_QUERY, 0)).then(() => performance.mark("first-page"));
const accounts = queryClient.prefetchQuery(queryOf("listAccounts"));

// Tauri's style nonce for this page load (see index.html): Mantine sets it on the <style>
// elements it writes (CSS variables, responsive props), which the CSP then allows.
const styleNonce = document.querySelector('meta[name="identdesk-style-nonce"]')?.getAttribute("content") ?? "";
// The scroll lock of Mantine's dialogs writes its own <style> and takes the nonce from here.
setNonce(styleNonce);

const root = document.getElementById("root");
// A row the page was served with, clicked before React's list is there: the window opens
// on it (see App), and its detail is asked for at once.
const prefetchOpened = () => {
  const opened = openedInAddress();
  // `ensureQueryData`: asked again once React is about to start, it reuses what the click
  // already fetched (a prefetch would fetch the stale-at-once detail a second time).
  return opened ? queryClient.ensureQueryData(queryOf("identificationDetail", opened)) : null;
};
// Until React renders; then `App` follows the address itself.
const prefetchOnClick = () => void prefetchOpened();
window.addEventListener("hashchange", prefetchOnClick);
const renderApp = (initialSelection: IdentificationRef | null) => {
  if (!root) return;
  performance.mark("render");
  window.removeEventListener("hashchange", prefetchOnClick);
  createRoot(root).render(
    <StrictMode>
      <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="auto" getStyleNonce={() => styleNonce}>
        <QueryClientProvider client={queryClient}>
          <App initialSelection={initialSelection} />
        </QueryClientProvider>
      </MantineProvider>
    </StrictMode>,
  );
};
const atMost = (work: Promise<unknown>) => Promise.race([work, new Promise((resolve) => setTimeout(resolve, FIRST_SCREEN_WAIT_MS))]);
const start = async () => {
  // The detail needs the accounts too (which kind of account it is).
  await atMost(Promise.all([prefetchOpened() ?? firstPage, accounts]));
  // A click may have reached the address meanwhile (WebKit asks the app before it follows
  // even a link within the page).
  await atMost(prefetchOpened() ?? Promise.resolve());
  renderApp(takeOpenedFromAddress());
};
void start();
