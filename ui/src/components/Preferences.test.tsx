import { fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { renderScreen } from "../test/render";
import i18n, { LANGUAGE_KEY } from "../i18n";
import { Preferences } from "./Preferences";

describe("Preferences", () => {
  afterEach(() => {
    localStorage.clear();
    void i18n.changeLanguage("en");
  });

  it("switches the window's language and keeps the choice", async () => {
    renderScreen(<Preferences />);
    const language = screen.getByTestId("language");
    expect((language as HTMLSelectElement).value).toBe("en");
    fireEvent.change(language, { target: { value: "de" } });
    await waitFor(() => expect(i18n.language).toBe("de"));
    expect(localStorage.getItem(LANGUAGE_KEY)).toBe("de");
    expect(await screen.findByRole("option", { name: "Hell" })).toBeTruthy();
  });

  it("sets the colour scheme on the page", () => {
    renderScreen(<Preferences />);
    const theme = screen.getByTestId("theme");
    expect((theme as HTMLSelectElement).value).toBe("light");
    fireEvent.change(theme, { target: { value: "dark" } });
    expect(document.documentElement.getAttribute("data-mantine-color-scheme")).toBe("dark");
    expect((screen.getByTestId("theme") as HTMLSelectElement).value).toBe("dark");
  });
});
