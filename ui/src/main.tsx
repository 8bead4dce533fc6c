// The window's entry, kept small: the first rows the page was served with (see
// firstRows.css) paint, and the window answers, before the app's code (boot.tsx) and
// Mantine's styles are loaded and parsed. Marks `main` for the start-up benchmark.
import "./firstRows.css";

performance.mark("main");

// Anything the CSP blocks is counted where the end-to-end suite can see it, and logged.
const cspViolations: string[] = [];
Object.defineProperty(window, "identdeskCspViolations", { value: cspViolations });
document.addEventListener("securitypolicyviolation", (event) => {
  cspViolations.push(`${event.effectiveDirective} ${event.blockedURI || "inline"} ${event.sample}`);
  console.warn("blocked by the content security policy:", event.effectiveDirective, event.blockedURI);
});

// The first rows the page was served with (React replaces them), for the end-to-end suite.
const served = document.querySelector<HTMLElement>('[data-testid="first-rows"]');
Object.defineProperty(window, "identdeskFirstRows", {
  value: {
    rows: served?.querySelectorAll('[data-testid="first-row"]').length ?? 0,
    language: served?.lang ?? null,
    scheme: served?.dataset.scheme ?? null,
    firstLink: served?.querySelector('[data-testid="first-row"]')?.getAttribute("href") ?? null,
  },
});

// With rows to show, the app's code waits for their frame (loading it at once delayed
// that frame by 45 ms, and the app by nothing measurable); without, it loads at once.
const boot = () => void import("./boot");
if (served) requestAnimationFrame(() => setTimeout(boot, 0));
else boot();
