import { fireEvent, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { renderScreen } from "../test/render";
import { SyncBar } from "./SyncBar";

const fake = vi.hoisted(() => ({
  lastSync: vi.fn(),
  syncNow: vi.fn(),
}));

vi.mock(import("../platform/bindings"), async (importOriginal) => {
  const original = await importOriginal();
  return { ...original, commands: { ...original.commands, ...fake } };
});

// The progress channel is Tauri's; here no progress is reported.
vi.mock(import("../platform"), async (importOriginal) => {
  const original = await importOriginal();
  return { ...original, progressChannel: () => ({}) as ReturnType<typeof original.progressChannel> };
});

describe("SyncBar", () => {
  beforeEach(() => {
    fake.lastSync.mockReset();
    fake.syncNow.mockReset();
  });

  it("shows the last sync kept in the cache, before any sync in this session", async () => {
    fake.lastSync.mockResolvedValue("2026-11-24T16:05:00Z");
    renderScreen(<SyncBar />);
    const last = await screen.findByTestId("sync-last");
    const expected = new Intl.DateTimeFormat("en", { dateStyle: "short", timeStyle: "short" }).format(new Date("2026-11-24T16:05:00Z"));
    expect(last.textContent).toBe(`Last synced ${expected}`);
  });

  it("says nothing about a last sync when there has been none", async () => {
    let answered = false;
    fake.lastSync.mockImplementation(async () => {
      answered = true;
      return null;
    });
    renderScreen(<SyncBar />);
    await waitFor(() => expect(answered).toBe(true));
    // One more turn for the answer to render.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(screen.getByTestId("sync-now")).toBeTruthy();
    expect(screen.queryByTestId("sync-last")).toBeNull();
  });

  it("counts the entries IDnow sent that could not be read, and says where to look", async () => {
    fake.lastSync.mockResolvedValue("2026-11-24T16:05:00Z");
    fake.syncNow.mockResolvedValue({
      outbox: { sent: 0, refused: 0, waiting: 0 },
      reports: [
        {
          accountId: "a",
          fetched: 3,
          changes: [],
          ignoredBackwards: 0,
          undecodable: 2,
          fetchedAlone: 0,
          finishedAt: "2026-11-24T16:06:00Z",
        },
      ],
      failures: [],
      purge: null,
      purgeError: null,
    });
    renderScreen(<SyncBar />);
    fireEvent.click(await screen.findByTestId("sync-now"));
    const unreadable = await screen.findByTestId("sync-unreadable");
    expect(unreadable.textContent).toBe("2 unreadable");
  });
});
