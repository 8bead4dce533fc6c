// The yardstick window's entry, as the app's (src/main.tsx): the first rows in the HTML
// paint, then the React + Mantine code loads. Marks `main` as the app does.
import "../src/firstRows.css";

performance.mark("main");
requestAnimationFrame(() => setTimeout(() => void import("./boot"), 0));
