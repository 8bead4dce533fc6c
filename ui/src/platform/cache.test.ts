import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it, vi } from "vitest";

const fake = vi.hoisted(() => ({
  listAccounts: vi.fn(),
  auditLog: vi.fn(),
  addAccount: vi.fn(),
  nextDataChanges: vi.fn(),
}));

vi.mock(import("./bindings"), async (importOriginal) => {
  const original = await importOriginal();
  return {
    ...original,
    commands: { ...original.commands, ...fake },
  };
});

const { api, connectCache, queryOf } = await import("./index");

/** A change feed that never has news (its calls stay open). */
const quietFeed = () => fake.nextDataChanges.mockReturnValue(new Promise(() => {}));

describe("the window's cache", () => {
  it("marks stale exactly what a command declares it changed", async () => {
    quietFeed();
    fake.listAccounts.mockResolvedValue([]);
    fake.auditLog.mockResolvedValue([]);
    fake.addAccount.mockResolvedValue({});
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    connectCache(client);
    await client.fetchQuery(queryOf("listAccounts"));
    await client.fetchQuery(queryOf("auditLog", 10, 0));
    const templates = queryOf("answerTemplates", "acc-1");
    client.setQueryData(templates.queryKey, []);
    expect(fake.listAccounts).toHaveBeenCalledTimes(1);

    // add_account writes accounts and audit (COMMAND_TAGS, from Rust): both go stale (and
    // a shown one refetches); the answer templates, which it does not change, stay.
    await api.addAccount({ name: "n", companyId: "c", environment: "sandbox", gatewayUrl: null, goUrl: null, apiUrl: null, apiKey: "k" });
    const stale = (key: readonly unknown[]) => client.getQueryState(key)?.isInvalidated;
    await vi.waitFor(() => expect(stale(queryOf("listAccounts").queryKey)).toBe(true));
    expect(stale(queryOf("auditLog", 10, 0).queryKey)).toBe(true);
    expect(stale(templates.queryKey)).toBe(false);
  });

  it("refetches what the core changed on its own, then asks after the position it was given", async () => {
    fake.listAccounts.mockResolvedValue([]);
    fake.auditLog.mockResolvedValue([]);
    fake.nextDataChanges.mockReset();
    fake.nextDataChanges.mockResolvedValueOnce({ position: 3, tags: ["audit"], missed: false }).mockReturnValue(new Promise(() => {}));
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    await client.fetchQuery(queryOf("listAccounts"));
    await client.fetchQuery(queryOf("auditLog", 10, 0));
    const stop = connectCache(client);
    const stale = (key: readonly unknown[]) => client.getQueryState(key)?.isInvalidated;
    await vi.waitFor(() => expect(stale(queryOf("auditLog", 10, 0).queryKey)).toBe(true));
    expect(stale(queryOf("listAccounts").queryKey)).toBe(false);
    await vi.waitFor(() => expect(fake.nextDataChanges).toHaveBeenCalledTimes(2));
    expect(fake.nextDataChanges.mock.calls.map(([seen]) => seen)).toEqual([0, 3]);
    stop();
  });

  it("refetches everything when the window fell behind the core's feed", async () => {
    fake.listAccounts.mockResolvedValue([]);
    fake.auditLog.mockResolvedValue([]);
    fake.nextDataChanges.mockReset();
    fake.nextDataChanges.mockResolvedValueOnce({ position: 90, tags: [], missed: true }).mockReturnValue(new Promise(() => {}));
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    await client.fetchQuery(queryOf("listAccounts"));
    await client.fetchQuery(queryOf("auditLog", 10, 0));
    const stop = connectCache(client);
    const stale = (key: readonly unknown[]) => client.getQueryState(key)?.isInvalidated;
    await vi.waitFor(() => expect(stale(queryOf("listAccounts").queryKey)).toBe(true));
    expect(stale(queryOf("auditLog", 10, 0).queryKey)).toBe(true);
    stop();
  });
});
