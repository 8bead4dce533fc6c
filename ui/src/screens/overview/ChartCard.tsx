// One figure of the overview: a chart, or — for screen readers and the keyboard — the same
// numbers as a table, and the chart saved as PNG.
import { useRef, useState, type ReactNode } from "react";
import { Button, Card, Group, SegmentedControl, Title } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, chooseSaveFile } from "../../platform";
import { ErrorAlert } from "../../components/ErrorAlert";
import { SavedFile } from "../../components/SavedFile";
import { canvasToPng } from "./png";

export function ChartCard({
  id,
  title,
  background,
  chart,
  table,
}: {
  id: string;
  title: string;
  background: string;
  chart: ReactNode;
  table: ReactNode;
}) {
  const { t } = useTranslation();
  const [view, setView] = useState<"chart" | "table">("chart");
  const drawing = useRef<HTMLDivElement>(null);
  const exportPng = useMutation({
    mutationFn: async () => {
      const canvas = drawing.current?.querySelector("canvas");
      if (!(canvas instanceof HTMLCanvasElement)) return null;
      const png = await canvasToPng(canvas, background);
      const output = await chooseSaveFile("png", `identdesk-${id}.png`);
      if (output === null) return null;
      await api.exportChartPng(Array.from(png), output.id);
      return { output };
    },
  });
  return (
    <Card withBorder padding="md" data-testid={`chart-${id}`}>
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Title order={3} size="h4">
          {title}
        </Title>
        <Group gap="xs">
          <SegmentedControl
            size="xs"
            value={view}
            onChange={(value) => setView(value === "table" ? "table" : "chart")}
            data={[
              { value: "chart", label: t("overview.chart") },
              { value: "table", label: t("overview.table") },
            ]}
            aria-label={t("overview.viewOf", { title })}
            data-testid={`chart-${id}-view`}
          />
          {view === "chart" && (
            <Button size="xs" variant="default" onClick={() => exportPng.mutate()} loading={exportPng.isPending}>
              {t("overview.png")}
            </Button>
          )}
        </Group>
      </Group>
      {view === "chart" ? (
        <div ref={drawing} role="img" aria-label={t("overview.chartLabel", { title })}>
          {chart}
        </div>
      ) : (
        table
      )}
      <ErrorAlert error={exportPng.error} />
      {exportPng.data && <SavedFile file={exportPng.data.output} />}
    </Card>
  );
}
