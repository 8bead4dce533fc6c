// A dialog (Mantine's Modal) whose code loads the first time it opens. The detail's dialogs
// are seldom opened, and Modal brings its scroll lock and focus trap into the first chunk,
// which a row clicked at start-up waits for. Once opened it stays mounted, so it closes with
// its transition like any Modal.
import { lazy, Suspense, useState } from "react";
import type { ModalProps } from "@mantine/core";

const Modal = lazy(() => import("./dialogModal"));

export function Dialog(props: ModalProps) {
  const [everOpened, setEverOpened] = useState(props.opened);
  if (props.opened && !everOpened) setEverOpened(true);
  if (!everOpened) return null;
  return (
    <Suspense fallback={null}>
      <Modal {...props} />
    </Suspense>
  );
}
