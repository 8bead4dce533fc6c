import { screen } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Account } from "../platform";
import { renderScreen } from "../test/render";
import { SyncBar } from "./SyncBar";

const fake = vi.hoisted(() => ({
  listAccounts: vi.fn(),
  lastSync: vi.fn(),
}));

vi.mock(import("../platform"), async (importOriginal) => ({
  ...(await importOriginal()),
  api: { ...(await importOriginal()).api, ...fake },
}));

const account = (id: string): Account => ({
  id,
  name: id,
  companyId: id,
  environment: "sandbox",
  gatewayUrl: null,
  goUrl: null,
  apiUrl: null,
  retentionDays: 90,
  createdAt: "2026-11-01T09:00:00.000Z",
});

describe("SyncBar", () => {
  beforeEach(() => {
    fake.listAccounts.mockResolvedValue([account("a"), account("b"), account("never")]);
    fake.lastSync.mockImplementation((id: string) =>
      Promise.resolve({ a: "2026-11-20T09:30:00Z", b: "2026-11-24T16:05:00Z", never: null }[id] ?? null),
    );
  });

  it("shows the latest sync of any account from the cache, before any sync in this session", async () => {
    renderScreen(<SyncBar />);
    const last = await screen.findByTestId("sync-last");
    const expected = new Intl.DateTimeFormat("en", { dateStyle: "short", timeStyle: "short" }).format(new Date("2026-11-24T16:05:00Z"));
    expect(last.textContent).toBe(`Last synced ${expected}`);
  });

  it("says nothing about a last sync when there has been none", async () => {
    fake.lastSync.mockResolvedValue(null);
    renderScreen(<SyncBar />);
    await screen.findByTestId("sync-now");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByTestId("sync-last")).toBeNull();
  });
});
