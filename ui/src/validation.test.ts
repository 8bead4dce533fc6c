import { describe, expect, it } from "vitest";
import { isEmail, isIsoDate, isTransactionNumber, newTransactionNumber } from "./validation";

describe("as-you-type checks mirror the Rust rules", () => {
  it("accepts only real YYYY-MM-DD dates", () => {
    expect(isIsoDate("1975-12-20")).toBe(true);
    expect(isIsoDate("2024-02-29")).toBe(true);
    for (const bad of ["2023-02-29", "1975-13-01", "20.12.1975", "1975-1-2", ""]) {
      expect(isIsoDate(bad), bad).toBe(false);
    }
  });

  it("accepts plausible e-mail addresses", () => {
    expect(isEmail("anna.muster@example.de")).toBe(true);
    for (const bad of ["anna", "anna@", "@example.de", "anna@example", "a b@example.de", "a@b@c.de"]) {
      expect(isEmail(bad), bad).toBe(false);
    }
  });

  it("limits transaction numbers to IDnow's charset and length", () => {
    expect(isTransactionNumber("abc_DEF-123")).toBe(true);
    expect(isTransactionNumber("a".repeat(255))).toBe(true);
    expect(isTransactionNumber("a".repeat(256))).toBe(false);
    expect(isTransactionNumber("has space")).toBe(false);
    expect(isTransactionNumber("")).toBe(false);
    expect(isTransactionNumber(newTransactionNumber())).toBe(true);
  });
});
