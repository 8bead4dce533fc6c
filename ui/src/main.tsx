// The window's entry: theme (following the OS), server-state cache, languages, the app.
import "@mantine/core/styles.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { MantineProvider } from "@mantine/core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import "./i18n";
import { App } from "./App";
import { connectCache, queryOf } from "./platform";
import { INITIAL_QUERY, pageQuery } from "./screens/listPages";
import { theme } from "./theme";

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
void connectCache(queryClient);
const firstPage = queryClient.prefetchQuery(pageQuery(INITIAL_QUERY, 0));
void queryClient.prefetchQuery(queryOf("listAccounts"));

const root = document.getElementById("root");
const renderApp = () => {
  if (!root) return;
  createRoot(root).render(
    <StrictMode>
      <MantineProvider theme={theme} defaultColorScheme="auto">
        <QueryClientProvider client={queryClient}>
          <App />
        </QueryClientProvider>
      </MantineProvider>
    </StrictMode>,
  );
};
void Promise.race([firstPage, new Promise((resolve) => setTimeout(resolve, FIRST_PAGE_WAIT_MS))]).then(renderApp);
