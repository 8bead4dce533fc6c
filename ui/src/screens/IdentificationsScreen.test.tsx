import { fireEvent, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { renderScreen } from "../test/render";
import type { Account, AppStatus, ListQuery } from "../platform";
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
