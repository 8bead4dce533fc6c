import { screen } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { renderScreen } from "../test/render";
import { AcceptancePanel } from "./AcceptancePanel";
import type { Acceptance, DecisionPanel } from "../platform";

const fake = vi.hoisted(() => ({
  decisionPanel: vi.fn(),
}));

vi.mock(import("../platform/bindings"), async (importOriginal) => {
  const original = await importOriginal();
  return { ...original, commands: { ...original.commands, ...fake } };
});

const proposal: Acceptance = {
  decision: "accept",
  note: "documents in order",
  resultAtProposal: "SUCCESS",
  proposedBy: "alice",
  proposedAt: "2026-12-01T10:00:00.000Z",
  confirmedBy: null,
  confirmedAt: null,
  state: "proposed",
};

function panel(part: Partial<DecisionPanel>): DecisionPanel {
  return { team: true, officer: "bob", acceptance: proposal, canConfirm: true, ...part };
}

const identification = { accountId: "acc-1", transactionNumber: "t-1" };

describe("AcceptancePanel", () => {
  beforeEach(() => fake.decisionPanel.mockReset());

  it("offers a colleague's proposal for confirmation", async () => {
    fake.decisionPanel.mockResolvedValue(panel({}));
    renderScreen(<AcceptancePanel identification={identification} finalResult="SUCCESS" />);
    expect((await screen.findByTestId("decide-confirm")).textContent).toContain("alice");
    expect(screen.getByTestId("acceptance-state").getAttribute("data-state")).toBe("proposed");
    expect(screen.queryByTestId("decide-accept")).toBeNull();
  });

  it("never offers the proposer their own proposal", async () => {
    fake.decisionPanel.mockResolvedValue(panel({ officer: "alice", canConfirm: false }));
    renderScreen(<AcceptancePanel identification={identification} finalResult="SUCCESS" />);
    expect((await screen.findByTestId("own-proposal")).textContent).toMatch(/second officer/);
    expect(screen.queryByTestId("decide-confirm")).toBeNull();
  });

  it("proposes in a team and decides alone in solo mode", async () => {
    fake.decisionPanel.mockResolvedValue(panel({ acceptance: null, canConfirm: false }));
    renderScreen(<AcceptancePanel identification={identification} finalResult="SUCCESS" />);
    expect((await screen.findByTestId("decide-accept")).textContent).toBe("Propose to accept");
    expect(screen.getByTestId("team-hint")).toBeTruthy();
  });

  it("says in solo mode that four-eyes needs a team", async () => {
    fake.decisionPanel.mockResolvedValue(panel({ team: false, acceptance: null, canConfirm: false, officer: "erika" }));
    renderScreen(<AcceptancePanel identification={identification} finalResult="SUCCESS" />);
    expect((await screen.findByTestId("solo-hint")).textContent).toMatch(/erika.*team workspace/);
    expect(screen.getByTestId("decide-accept").textContent).toBe("Accept");
  });
});
