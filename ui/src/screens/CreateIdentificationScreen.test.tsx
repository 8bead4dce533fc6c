import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Account, CreatedIdentification, NewIdentification } from "../platform";
import { renderScreen } from "../test/render";
import { CreateIdentificationScreen } from "./CreateIdentificationScreen";

// The generated commands are faked, so the real `api` wrapper (errors, cache) runs.
const fake = vi.hoisted(() => ({
  listAccounts: vi.fn(),
  checkIdentification: vi.fn(),
  createIdentification: vi.fn(),
  answerTemplates: vi.fn(),
}));

vi.mock(import("../platform/bindings"), async (importOriginal) => {
  const original = await importOriginal();
  return { ...original, commands: { ...original.commands, ...fake } };
});

const sandbox: Account = {
  id: "acc-1",
  name: "Sandbox",
  companyId: "sandbox",
  environment: "sandbox",
  gatewayUrl: null,
  goUrl: null,
  apiUrl: null,
  retentionDays: 90,
  unfinishedRetentionDays: 30,
  createdAt: "2026-11-26T09:00:00.000Z",
  hasTestRobots: true,
  answerLimitMib: null,
  hasSigningKey: false,
  kind: "classic",
  platform: null,
};

const created: CreatedIdentification = {
  accountId: "acc-1",
  transactionNumber: "t-1",
  identId: "TST-ABCDE",
  updated: false,
  links: {
    long: "http://127.0.0.1:1/sandbox/identifications/t-1",
    short: "http://127.0.0.1:1/TST-ABCDE",
    embedded: "http://127.0.0.1:1/sandbox/identifications/t-1/identification/start",
    autoIdent: "http://127.0.0.1:1/app/sandbox/identifications/t-1",
  },
};

describe("CreateIdentificationScreen", () => {
  beforeEach(() => {
    fake.listAccounts.mockResolvedValue([sandbox]);
    fake.answerTemplates.mockResolvedValue([]);
    fake.createIdentification.mockReset();
    // The core's rules, as far as these tests type: a birthday must be YYYY-MM-DD.
    fake.checkIdentification.mockImplementation(async (input: NewIdentification) =>
      input.person.birthday && !/^\d{4}-\d{2}-\d{2}$/.test(input.person.birthday)
        ? [{ field: "birthday", message: "Write the date as YYYY-MM-DD, e.g. 1975-12-20." }]
        : [],
    );
  });

  it("marks a field the core refuses as it is typed, and sends nothing it refuses", async () => {
    const user = userEvent.setup();
    renderScreen(<CreateIdentificationScreen />);
    await waitFor(() => expect(fake.listAccounts).toHaveBeenCalled());
    await user.type(screen.getByTestId("birthday"), "20.12.1975");
    expect(await screen.findByText(/YYYY-MM-DD, e.g. 1975-12-20/)).toBeInTheDocument();
    expect(fake.checkIdentification).toHaveBeenLastCalledWith(
      expect.objectContaining({ person: expect.objectContaining({ birthday: "20.12.1975" }) }),
    );
    await user.click(screen.getByTestId("submit"));
    expect(fake.createIdentification).not.toHaveBeenCalled();
  });

  it("keeps everything typed when IDnow cannot be reached, then succeeds", async () => {
    const user = userEvent.setup();
    fake.createIdentification.mockRejectedValueOnce({
      code: "GATEWAY_UNREACHABLE",
      message: "IDnow could not be reached: connection refused",
    });
    renderScreen(<CreateIdentificationScreen />);
    await waitFor(() => expect(fake.listAccounts).toHaveBeenCalled());
    await user.type(screen.getByTestId("firstname"), "Anna");
    await user.type(screen.getByTestId("lastname"), "Muster");
    await user.type(screen.getByTestId("birthday"), "1975-12-20");
    await user.click(screen.getByTestId("submit"));

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("IDnow cannot be reached. Your input is kept");
    expect(alert).toHaveAttribute("data-code", "GATEWAY_UNREACHABLE");
    expect(screen.getByTestId("firstname")).toHaveValue("Anna");
    expect(screen.getByTestId("birthday")).toHaveValue("1975-12-20");

    const sent: NewIdentification = fake.createIdentification.mock.calls[0]?.[0];
    expect(sent.accountId).toBe("acc-1");
    expect(sent.person.firstname).toBe("Anna");
    expect(sent.person.email).toBeNull();

    fake.createIdentification.mockResolvedValueOnce(created);
    await user.click(screen.getByTestId("submit"));
    expect(await screen.findByTestId("created-ident-id")).toHaveTextContent("TST-ABCDE");
    expect(screen.getByTestId("link-short")).toHaveValue(created.links.short);
    expect(screen.getByRole("img", { name: created.links.short })).toBeInTheDocument();
    // The retry reused the same transaction number: it is the idempotency key.
    expect(fake.createIdentification.mock.calls[1]?.[0].transactionNumber).toBe(sent.transactionNumber);
  });

  it("marks the field a refusal on send names", async () => {
    const user = userEvent.setup();
    fake.createIdentification.mockRejectedValueOnce({ code: "INVALID_INPUT", message: "IDnow wants a city here.", field: "city" });
    renderScreen(<CreateIdentificationScreen />);
    await waitFor(() => expect(fake.listAccounts).toHaveBeenCalled());
    await user.type(screen.getByTestId("city"), "?");
    await user.click(screen.getByTestId("submit"));
    const city = screen.getByTestId("city");
    await waitFor(() => expect(city).toHaveAttribute("aria-invalid", "true"));
    expect(screen.getAllByText("IDnow wants a city here.").length).toBeGreaterThan(0);
  });

  it("renders markup typed into a field as text", async () => {
    const user = userEvent.setup();
    fake.createIdentification.mockRejectedValueOnce({ code: "GATEWAY_REJECTED", message: "<img src=x onerror=alert(1)>" });
    renderScreen(<CreateIdentificationScreen />);
    await waitFor(() => expect(fake.listAccounts).toHaveBeenCalled());
    await user.type(screen.getByTestId("firstname"), "<b>x</b>");
    await user.click(screen.getByTestId("submit"));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("<img src=x onerror=alert(1)>");
    expect(alert.querySelector("img")).toBeNull();
  });
});
