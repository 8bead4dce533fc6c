import { describe, expect, it } from "vitest";
import { bytesOfDataUrl } from "./dataUrl";

describe("bytesOfDataUrl", () => {
  it("decodes a base64 payload byte for byte", () => {
    const bytes = bytesOfDataUrl("data:application/pdf;base64,JVBERi0xLjQK/wA=");
    expect(Array.from(bytes)).toEqual([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x34, 0x0a, 0xff, 0x00]);
  });

  it("gives nothing for a URL that is not base64", () => {
    expect(bytesOfDataUrl("data:text/plain,hello").length).toBe(0);
    expect(bytesOfDataUrl("not a data url").length).toBe(0);
  });
});
