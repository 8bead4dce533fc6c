import { fireEvent, screen } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Overview, Rates } from "../../platform";
import { renderScreen } from "../../test/render";
import { OverviewScreen } from "./OverviewScreen";

const fake = vi.hoisted(() => ({
  overview: vi.fn(),
  listAccounts: vi.fn(),
}));

vi.mock(import("../../platform/bindings"), async (importOriginal) => {
  const original = await importOriginal();
  return { ...original, commands: { ...original.commands, ...fake } };
});

// jsdom has no canvas: the charts are drawn in the end-to-end suite's real window.
vi.mock(import("react-chartjs-2"), () => ({ Bar: () => <canvas />, Line: () => <canvas /> }) as never);

const rates = (finalResults: number, passed: number): Rates => ({
  finalResults,
  passed,
  fraud: 1,
  canceled: 0,
  passRate: finalResults ? passed / finalResults : null,
  fraudRate: finalResults ? 1 / finalResults : null,
  cancellationRate: finalResults ? 0 : null,
});

const zero = { success: 0, successDataChanged: 0, reviewPending: 0, fraud: 0, canceled: 0, aborted: 0, failed: 0, open: 0, other: 0 };

const OVERVIEW: Overview = {
  source: "local",
  from: "2026-11-16",
  to: "2026-11-17",
  previousFrom: "2026-11-14",
  previousTo: "2026-11-15",
  days: [
    { day: "2026-11-16", ...zero, success: 3, open: 1 },
    { day: "2026-11-17", ...zero, canceled: 2 },
  ],
  current: rates(4, 3),
  previous: rates(0, 0),
  timeToFinal: [{ week: "2026-11-16", count: 4, medianSeconds: 5400, p90Seconds: 7200 }],
  waiting: { underADay: 1, underAWeek: 0, older: 2 },
  reasons: [{ outcome: "canceled", reason: { code: "USER_CANCELLATION", raw: "USER_CANCELLATION" }, count: 2 }],
  esign: { uploaded: 2, signed: 1, waiting: 1 },
};

/** The n-th chart's "Table" choice. */
const tableOf = (n: number) => {
  const choice = screen.getAllByText("Table")[n];
  if (!choice) throw new Error(`no chart number ${n}`);
  return choice;
};

describe("OverviewScreen", () => {
  beforeEach(() => {
    fake.overview.mockReset().mockResolvedValue(OVERVIEW);
    fake.listAccounts.mockReset().mockResolvedValue([]);
  });

  it("shows the rates beside the period before, and asks for the last 30 days first", async () => {
    renderScreen(<OverviewScreen onOpenList={() => {}} />);
    expect((await screen.findByTestId("rate-pass-current")).textContent).toBe("75%");
    expect(screen.getByTestId("rate-pass").textContent).toContain("Period before: –");
    expect(fake.overview).toHaveBeenCalledWith({ accountId: null, preset: "last30Days", from: null, to: null });
  });

  it("opens the list filtered to a waiting bar and to a day's outcome from the table views", async () => {
    const onOpenList = vi.fn();
    renderScreen(<OverviewScreen onOpenList={onOpenList} />);
    await screen.findByTestId("overview-ready");
    fireEvent.click(tableOf(1));
    fireEvent.click(await screen.findByTestId("waiting-older"));
    expect(onOpenList).toHaveBeenLastCalledWith({ accountId: null, waitingAge: "older" });
    fireEvent.click(tableOf(0));
    fireEvent.click(await screen.findByLabelText("2 Canceled on 2026-11-17: open the list"));
    expect(onOpenList).toHaveBeenLastCalledWith({ accountId: null, outcome: "canceled", from: "2026-11-17", to: "2026-11-17" });
  });

  it("names the reasons in words, and a custom period waits for both days", async () => {
    renderScreen(<OverviewScreen onOpenList={() => {}} />);
    await screen.findByTestId("overview-ready");
    fireEvent.click(tableOf(3));
    expect((await screen.findByTestId("reasons-table")).textContent).toContain("Canceled: ");
    fake.overview.mockClear();
    fireEvent.click(screen.getByText("Custom"));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fake.overview).not.toHaveBeenCalled();
  });
});
