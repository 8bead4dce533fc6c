import { fireEvent, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { renderScreen } from "../test/render";
import type { Account, AppStatus, IdentificationRow, ListQuery } from "../platform";
import { IdentificationsScreen } from "./IdentificationsScreen";

const fake = vi.hoisted(() => ({
  listIdentifications: vi.fn(),
  listAccounts: vi.fn(),
  appStatus: vi.fn(),
}));

vi.mock(import("../platform/bindings"), async (importOriginal) => {
  const original = await importOriginal();
  return { ...original, commands: { ...original.commands, ...fake } };
});

/** The query of the list's latest read. */
const lastQuery = (): ListQuery => fake.listIdentifications.mock.lastCall?.[0] as ListQuery;
/** The offsets of every page the list asked for, each once. */
const pagesRead = () => new Set(fake.listIdentifications.mock.calls.map(([query]) => (query as ListQuery).offset));

describe("IdentificationsScreen filters", () => {
  beforeEach(() => {
    fake.listIdentifications.mockReset().mockResolvedValue({ rows: [], total: 0 });
    fake.listAccounts.mockReset().mockResolvedValue([{ id: "acc-1", name: "Bank Berlin" } as Account]);
    fake.appStatus.mockReset().mockResolvedValue({ team: false } as AppStatus);
  });

  it("reads the list again for a status, an account and a sort, and for none", async () => {
    renderScreen(<IdentificationsScreen onOpen={() => {}} />);
    await waitFor(() => expect(fake.listIdentifications).toHaveBeenCalled());
    expect(lastQuery()).toMatchObject({ result: null, stage: null, accountId: null, sort: "created" });

    fireEvent.change(screen.getByTestId("status-filter"), { target: { value: "SUCCESS" } });
    await waitFor(() => expect(lastQuery()).toMatchObject({ result: "SUCCESS", stage: null }));
    fireEvent.change(screen.getByTestId("status-filter"), { target: { value: "waiting" } });
    await waitFor(() => expect(lastQuery()).toMatchObject({ result: null, stage: "waiting" }));

    await screen.findByRole("option", { name: "Bank Berlin" });
    fireEvent.change(screen.getByTestId("account-filter"), { target: { value: "acc-1" } });
    await waitFor(() => expect(lastQuery()).toMatchObject({ accountId: "acc-1", stage: "waiting" }));

    const sort = screen.getByTestId("sort") as HTMLSelectElement;
    const other = [...sort.options].map((option) => option.value).find((value) => value !== sort.value);
    fireEvent.change(sort, { target: { value: other } });
    await waitFor(() => expect(lastQuery()).toMatchObject({ sort: other, accountId: "acc-1" }));

    fireEvent.change(screen.getByTestId("status-filter"), { target: { value: "" } });
    fireEvent.change(screen.getByTestId("account-filter"), { target: { value: "" } });
    await waitFor(() => expect(lastQuery()).toMatchObject({ result: null, stage: null, accountId: null }));
    expect((screen.getByTestId("status-filter") as HTMLSelectElement).value).toBe("");
  });
});

/** Row `index` of a made-up cache, as the core lists it. */
const rowAt = (index: number): IdentificationRow => ({
  accountId: "acc-1",
  accountName: "Bank Berlin",
  transactionNumber: `tx-${index}`,
  identId: null,
  stage: "waiting",
  result: null,
  reason: null,
  firstname: "Hans",
  lastname: `Fischer ${index}`,
  createdAt: "2026-12-01T09:00:00Z",
  updatedAt: "2026-12-01T09:00:00Z",
  purged: false,
  createdBy: null,
  decision: null,
  proposedBy: null,
  session: null,
});

describe("IdentificationsScreen's list over 1 000 000 cached", () => {
  const TOTAL = 1_000_000;
  beforeEach(() => {
    fake.listIdentifications.mockReset().mockImplementation(({ offset = 0, limit = 200 }: ListQuery) => {
      const rows = Array.from({ length: Math.min(limit, TOTAL - offset) }, (_, i) => rowAt(offset + i));
      return Promise.resolve({ rows, total: TOTAL });
    });
    fake.listAccounts.mockReset().mockResolvedValue([]);
    fake.appStatus.mockReset().mockResolvedValue({ team: false } as AppStatus);
  });

  it("draws only the rows the window's height shows and three beyond, on a content of every row's height", async () => {
    renderScreen(<IdentificationsScreen onOpen={() => {}} />);
    await screen.findByText("Fischer 0", { exact: false });
    const drawn = screen.getAllByTestId("identification-row");
    // Before the scroller is measured the window's height stands in for it (jsdom: 768 px).
    expect(drawn).toHaveLength(Math.ceil(window.innerHeight / 44) + 3);
    expect(screen.getByTestId("identifications-table").getAttribute("aria-rowcount")).toBe(String(TOTAL));
    const content = drawn[0]!.parentElement!;
    expect(content.style.height).toBe(`${TOTAL * 44}px`);
    // Only the first page was read: rows are not fetched beyond what is drawn.
    expect(pagesRead()).toEqual(new Set([0]));
  });

  it("scrolled to the last rows, draws them and reads only their page", async () => {
    renderScreen(<IdentificationsScreen onOpen={() => {}} />);
    const first = await screen.findByText("Fischer 0", { exact: false });
    const scroller = first.closest('[role="row"]')!.parentElement!.parentElement!;
    scroller.scrollTop = (TOTAL - 10) * 44;
    fireEvent.scroll(scroller);
    expect(await screen.findByText(`Fischer ${TOTAL - 1}`, { exact: false })).toBeTruthy();
    expect(screen.queryByText("Fischer 0", { exact: false })).toBeNull();
    // The first page and the last, nothing between.
    expect(pagesRead()).toEqual(new Set([0, Math.floor((TOTAL - 1) / 200) * 200]));
  });
});
