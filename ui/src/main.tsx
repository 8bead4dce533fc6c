// The window's entry: theme (following the OS), server-state cache, languages, the app.
// Start-up's moments are marked (`performance.mark`: `main`, `first-page`, `render`)
// for the start-up benchmark to read.
import "@mantine/core/styles.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { MantineProvider } from "@mantine/core";
import { setNonce } from "get-nonce";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import "./i18n";
import { App } from "./App";
import { connectCache, queryOf } from "./platform";
import { INITIAL_QUERY, pageQuery } from "./screens/listPages";
import { cssVariablesResolver, theme } from "./theme";

const queryClient = new QueryClient({
  defaultOptions: {
    // Data comes from the local cache: retrying a failed read only delays the message.
    queries: { retry: false, refetchOnWindowFocus: false },
  },
});

// Ask for the first screen's data now and render when it is here (300 ms at the latest):
// the first frame then shows rows at once. Rendering first would not be quicker: while
// React builds that frame the webview holds the (already sent) answer back, and the list
// renders a second time when it arrives.
const FIRST_PAGE_WAIT_MS = 300;
performance.mark("main");
void connectCache(queryClient);
const firstPage = queryClient.prefetchQuery(pageQuery(INITIAL_QUERY, 0)).then(() => performance.mark("first-page"));
void queryClient.prefetchQuery(queryOf("listAccounts"));

// Tauri's style nonce for this page load (see index.html): Mantine sets it on the <style>
// elements it writes (CSS variables, responsive props), which the CSP then allows.
const styleNonce = document.querySelector('meta[name="identdesk-style-nonce"]')?.getAttribute("content") ?? "";
// The scroll lock of Mantine's dialogs writes its own <style> and takes the nonce from here.
setNonce(styleNonce);

// Anything the CSP blocks is counted where the end-to-end suite can see it, and logged.
const cspViolations: string[] = [];
Object.defineProperty(window, "identdeskCspViolations", { value: cspViolations });
document.addEventListener("securitypolicyviolation", (event) => {
  cspViolations.push(`${event.effectiveDirective} ${event.blockedURI || "inline"} ${event.sample}`);
  console.warn("blocked by the content security policy:", event.effectiveDirective, event.blockedURI);
});

const root = document.getElementById("root");
const renderApp = () => {
  if (!root) return;
  performance.mark("render");
  createRoot(root).render(
    <StrictMode>
      <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="auto" getStyleNonce={() => styleNonce}>
        <QueryClientProvider client={queryClient}>
          <App />
        </QueryClientProvider>
      </MantineProvider>
    </StrictMode>,
  );
};
void Promise.race([firstPage, new Promise((resolve) => setTimeout(resolve, FIRST_PAGE_WAIT_MS))]).then(renderApp);
