import { describe, expect, it } from "vitest";
import { de } from "./de";
import { en } from "./en";

function keys(value: object, prefix = ""): string[] {
  return Object.entries(value).flatMap(([k, v]) => (typeof v === "object" && v !== null ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

describe("translations", () => {
  it("German and English have the same keys, none empty", () => {
    expect(keys(de).sort()).toEqual(keys(en).sort());
    const flat = (o: object): string[] => Object.values(o).flatMap((v) => (typeof v === "object" ? flat(v) : [v as string]));
    expect(flat(de).every((text) => text.trim().length > 0)).toBe(true);
  });
});
