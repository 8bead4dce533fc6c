// A PDF shown in the window: pdf.js draws each page into a canvas from bytes held in memory
// (the file never touches a plain file). Loaded only when a PDF is opened, so start-up never
// parses it. pdf.js runs in its own worker from the app's origin; it evaluates nothing
// (`isEvalSupported: false`), so the CSP stays as strict as it is.
import { useEffect, useRef, useState } from "react";
import { Alert, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
// The legacy build runs in the oldest WebKit the app supports (Safari 15.4, macOS 12.3).
import { GlobalWorkerOptions, getDocument, type PDFDocumentProxy } from "pdfjs-dist/legacy/build/pdf.mjs";
import workerUrl from "pdfjs-dist/legacy/build/pdf.worker.min.mjs?url";
import { bytesOfDataUrl } from "../platform/dataUrl";

GlobalWorkerOptions.workerSrc = workerUrl;

/** Pages drawn at most: a document longer than this says so and offers the system viewer. */
export const MAX_PAGES_SHOWN = 50;
/** The width pages are drawn at, in CSS pixels (the modal's). */
const PAGE_WIDTH = 760;

export default function PdfView({ dataUrl }: { dataUrl: string }) {
  const { t } = useTranslation();
  const pages = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<{ drawn: number; total: number } | { error: string } | null>(null);

  useEffect(() => {
    let cancelled = false;
    const container = pages.current;
    let document: PDFDocumentProxy | null = null;
    const task = getDocument({ data: bytesOfDataUrl(dataUrl), isEvalSupported: false, enableXfa: false });
    const draw = async () => {
      document = await task.promise;
      const total = document.numPages;
      const shown = Math.min(total, MAX_PAGES_SHOWN);
      for (let number = 1; number <= shown && !cancelled; number++) {
        const page = await document.getPage(number);
        const unscaled = page.getViewport({ scale: 1 });
        const ratio = window.devicePixelRatio || 1;
        const viewport = page.getViewport({ scale: (PAGE_WIDTH / unscaled.width) * ratio });
        const canvas = window.document.createElement("canvas");
        canvas.width = Math.floor(viewport.width);
        canvas.height = Math.floor(viewport.height);
        canvas.style.width = "100%";
        canvas.dataset.testid = "pdf-page";
        canvas.setAttribute("role", "img");
        canvas.setAttribute("aria-label", t("pdf.page", { number, total }));
        const context = canvas.getContext("2d");
        if (!context) throw new Error(t("pdf.noCanvas"));
        await page.render({ canvas, canvasContext: context, viewport }).promise;
        page.cleanup();
        if (cancelled) return;
        container?.append(canvas);
        setState({ drawn: number, total });
      }
    };
    draw().catch((error: unknown) => {
      if (!cancelled) setState({ error: error instanceof Error ? error.message : String(error) });
    });
    return () => {
      cancelled = true;
      container?.replaceChildren();
      void task.destroy();
    };
  }, [dataUrl, t]);

  return (
    <Stack gap="xs" data-testid="pdf-view" data-pages-drawn={state && "drawn" in state ? state.drawn : 0}>
      {state && "error" in state && (
        <Alert color="red" title={t("pdf.unreadable")} data-testid="pdf-error">
          {state.error}
        </Alert>
      )}
      {state && "total" in state && state.total > MAX_PAGES_SHOWN && (
        <Text size="sm" c="dimmed">
          {t("pdf.truncated", { shown: MAX_PAGES_SHOWN, total: state.total })}
        </Text>
      )}
      <Stack gap="sm" ref={pages} />
    </Stack>
  );
}
