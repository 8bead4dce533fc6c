// Mantine's Modal in a chunk of its own, loaded by `Dialog` when a dialog first opens.
export { Modal as default } from "@mantine/core";
