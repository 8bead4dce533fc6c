import { describe, expect, it } from "vitest";
import { dateTimeFormat } from "./formatting";

describe("dateTimeFormat", () => {
  it("hands out one formatter per language and style, formatting in that language", () => {
    const german = dateTimeFormat("de", "short", "short");
    expect(dateTimeFormat("de", "short", "short")).toBe(german);
    expect(dateTimeFormat("de", "short", "medium")).not.toBe(german);
    expect(dateTimeFormat("en", "short", "short")).not.toBe(german);
    const moment = new Date(2026, 10, 26, 14, 5);
    expect(german.format(moment)).toBe(new Intl.DateTimeFormat("de", { dateStyle: "short", timeStyle: "short" }).format(moment));
    expect(german.format(moment)).toContain("26.11.26");
  });
});
