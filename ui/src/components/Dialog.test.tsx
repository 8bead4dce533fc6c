import { useState } from "react";
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderScreen } from "../test/render";
import { Dialog } from "./Dialog";
import { Hint } from "./Hint";

function Opener() {
  const [opened, setOpened] = useState(false);
  return (
    <>
      <button onClick={() => setOpened(true)}>open</button>
      <Dialog opened={opened} onClose={() => setOpened(false)} title="Delete?" transitionProps={{ duration: 0 }}>
        <button onClick={() => setOpened(false)}>cancel</button>
      </Dialog>
    </>
  );
}

describe("Dialog", () => {
  it("is absent until opened, then shows, closes and opens again like a modal", async () => {
    renderScreen(<Opener />);
    expect(screen.queryByRole("dialog")).toBeNull();
    fireEvent.click(screen.getByText("open"));
    expect(await screen.findByRole("dialog", { name: "Delete?" })).toBeTruthy();
    fireEvent.click(screen.getByText("cancel"));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    // Opened again: its code is there already.
    fireEvent.click(screen.getByText("open"));
    expect(await screen.findByRole("dialog", { name: "Delete?" })).toBeTruthy();
  });
});

describe("Hint", () => {
  it("shows the text it explains at once, and the hint on hover once loaded", async () => {
    renderScreen(
      <Hint label="The gateway did not answer" transitionProps={{ duration: 0 }}>
        <span>offline</span>
      </Hint>,
    );
    expect(screen.getByText("offline")).toBeTruthy();
    await waitFor(async () => {
      fireEvent.mouseEnter(screen.getByText("offline"));
      const hint = await screen.findByRole("tooltip", {}, { timeout: 200 });
      expect(hint.textContent).toBe("The gateway did not answer");
    });
  });
});
