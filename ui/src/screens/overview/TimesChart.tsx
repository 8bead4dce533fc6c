// Time from creation to a final result, per week: the median and the 90th percentile.
import { Line } from "react-chartjs-2";
import { Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { WeekTimes } from "../../platform";
import { baseOptions } from "./chartSetup";

function useFormats() {
  const { i18n } = useTranslation();
  const hours = new Intl.NumberFormat(i18n.language, { style: "unit", unit: "hour", maximumFractionDigits: 1 });
  const week = new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium" });
  return {
    hours: (seconds: number) => hours.format(seconds / 3600),
    week: (day: string) => week.format(new Date(`${day}T12:00:00`)),
  };
}

export function TimesChart({ weeks, dark }: { weeks: WeekTimes[]; dark: boolean }) {
  const { t } = useTranslation();
  const format = useFormats();
  const base = baseOptions(dark);
  if (weeks.length === 0) return <Text c="dimmed">{t("overview.noFinal")}</Text>;
  const line = (label: string, color: string, seconds: (w: WeekTimes) => number) => ({
    label,
    data: weeks.map((w) => seconds(w) / 3600),
    borderColor: color,
    backgroundColor: color,
    borderWidth: 2,
  });
  return (
    <div style={{ height: 220 }}>
      <Line
        aria-hidden
        data={{
          labels: weeks.map((w) => format.week(w.week)),
          datasets: [
            line(t("overview.median"), dark ? "#74c0fc" : "#1971c2", (w) => w.medianSeconds),
            line(t("overview.p90"), dark ? "#ffc078" : "#b35c00", (w) => w.p90Seconds),
          ],
        }}
        options={{
          ...base,
          scales: { x: base.scales.x, y: { ...base.scales.y, ticks: { ...base.scales.y.ticks, precision: 1 } } },
          plugins: {
            ...base.plugins,
            tooltip: {
              ...base.plugins.tooltip,
              callbacks: { label: (item) => `${item.dataset.label}: ${format.hours((item.parsed.y ?? 0) * 3600)}` },
            },
          },
        }}
      />
    </div>
  );
}

export function TimesTable({ weeks }: { weeks: WeekTimes[] }) {
  const { t } = useTranslation();
  const format = useFormats();
  if (weeks.length === 0) return <Text c="dimmed">{t("overview.noFinal")}</Text>;
  return (
    <Table withTableBorder data-testid="times-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t("overview.week")}</Table.Th>
          <Table.Th>{t("overview.results")}</Table.Th>
          <Table.Th>{t("overview.median")}</Table.Th>
          <Table.Th>{t("overview.p90")}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {weeks.map((w) => (
          <Table.Tr key={w.week}>
            <Table.Td>{format.week(w.week)}</Table.Td>
            <Table.Td>{w.count}</Table.Td>
            <Table.Td>{format.hours(w.medianSeconds)}</Table.Td>
            <Table.Td>{format.hours(w.p90Seconds)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
