// Mantine's Tooltip in a chunk of its own, loaded by `Hint` when a hint is first shown.
export { Tooltip as default } from "@mantine/core";
