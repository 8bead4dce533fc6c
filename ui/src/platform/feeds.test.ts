import { describe, expect, it, vi } from "vitest";

const fake = vi.hoisted(() => ({ nextDroppedFiles: vi.fn() }));

vi.mock(import("./bindings"), async (importOriginal) => {
  const original = await importOriginal();
  return { ...original, commands: { ...original.commands, ...fake } };
});

const { onFilesDropped } = await import("./index");

describe("files dropped on the window", () => {
  it("reach a drop target from the position it was shown at on, as handles", async () => {
    const pdf = { id: "h-1", name: "contract.pdf" };
    fake.nextDroppedFiles
      // Shown: asked without a position, the core answers with its position alone (what
      // was dropped before is not news: the core's feed holds that).
      .mockResolvedValueOnce({ position: 7, files: [] })
      .mockResolvedValueOnce({ position: 8, files: [pdf] })
      .mockReturnValue(new Promise(() => {}));
    const onDrop = vi.fn();
    const stop = onFilesDropped(onDrop);
    await vi.waitFor(() => expect(fake.nextDroppedFiles).toHaveBeenCalledTimes(3));
    expect(fake.nextDroppedFiles.mock.calls.map(([seen]) => seen)).toEqual([null, 7, 8]);
    expect(onDrop.mock.calls).toEqual([[[pdf]]]);
    stop();
  });

  it("stop: a drop that arrives after the target went away is not handed over", async () => {
    let answer: (value: unknown) => void = () => {};
    fake.nextDroppedFiles.mockReset();
    fake.nextDroppedFiles
      .mockResolvedValueOnce({ position: 1, files: [] })
      .mockReturnValueOnce(new Promise((resolve) => (answer = resolve)));
    const onDrop = vi.fn();
    const stop = onFilesDropped(onDrop);
    await vi.waitFor(() => expect(fake.nextDroppedFiles).toHaveBeenCalledTimes(2));
    stop();
    answer({ position: 2, files: [{ id: "h-2", name: "late.pdf" }] });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(onDrop).not.toHaveBeenCalled();
    expect(fake.nextDroppedFiles).toHaveBeenCalledTimes(2);
  });
});
