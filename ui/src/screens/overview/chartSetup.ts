// Chart.js with only the parts the overview draws (tree-shaken), and the look both themes
// share. Chart.js is built from classes, so it runs with the frozen prototypes the window
// has (`freezePrototype`); libraries that assign to their prototypes do not.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartEvent,
  type ActiveElement,
} from "chart.js";
import { chartInk } from "./outcomes";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip);

/** Axes, grid, legend and tooltip in the theme's ink; no animation (figures, not a show). */
export function baseOptions(dark: boolean) {
  const ink = chartInk(dark);
  return {
    animation: false as const,
    responsive: true,
    maintainAspectRatio: false,
    color: ink.text,
    scales: {
      x: { ticks: { color: ink.text }, grid: { color: ink.grid } },
      y: { beginAtZero: true, ticks: { color: ink.text, precision: 0 }, grid: { color: ink.grid } },
    },
    plugins: {
      legend: { labels: { color: ink.text } },
      tooltip: { backgroundColor: ink.background, titleColor: ink.text, bodyColor: ink.text, borderColor: ink.grid, borderWidth: 1 },
    },
    // A pointer over a part that opens the list.
    onHover: (event: ChartEvent, elements: ActiveElement[]) => {
      const target = event.native?.target;
      if (target instanceof HTMLElement) target.style.cursor = elements.length > 0 ? "pointer" : "default";
    },
  };
}
