// The most frequent reasons (IDnow's codes, in words) behind canceled, aborted and failed
// results; a bar opens the list with that outcome and reason.
import { Bar } from "react-chartjs-2";
import { Table, Text, UnstyledButton } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { ReasonCount } from "../../platform";
import { reasonWords } from "../../codes";
import { baseOptions } from "./chartSetup";
import { outcomeColor } from "./outcomes";
import type { OpenList } from "./types";

function useRows(reasons: ReasonCount[]) {
  const { t } = useTranslation();
  return reasons.map((r) => ({
    ...r,
    label: `${t(`overview.outcomes.${r.outcome}`)}: ${r.reason ? reasonWords(t, r.reason) : t("overview.noReason")}`,
  }));
}

const open = (onOpen: OpenList, r: ReasonCount) => onOpen({ outcome: r.outcome, reason: r.reason?.raw ?? undefined });

export function ReasonsChart({ reasons, dark, onOpen }: { reasons: ReasonCount[]; dark: boolean; onOpen: OpenList }) {
  const { t } = useTranslation();
  const rows = useRows(reasons);
  const base = baseOptions(dark);
  if (rows.length === 0) return <Text c="dimmed">{t("overview.noReasons")}</Text>;
  return (
    <div style={{ height: Math.max(120, rows.length * 34 + 40) }}>
      <Bar
        aria-hidden
        data={{
          labels: rows.map((r) => r.label),
          datasets: [
            {
              label: t("overview.count"),
              data: rows.map((r) => r.count),
              backgroundColor: rows.map((r) => outcomeColor(r.outcome, dark)),
            },
          ],
        }}
        options={{
          ...base,
          indexAxis: "y" as const,
          scales: { x: { ...base.scales.y }, y: { ...base.scales.x } },
          plugins: { ...base.plugins, legend: { display: false } },
          onClick: (_event, elements) => {
            const row = elements[0] && rows[elements[0].index];
            if (row) open(onOpen, row);
          },
        }}
      />
    </div>
  );
}

export function ReasonsTable({ reasons, onOpen }: { reasons: ReasonCount[]; onOpen: OpenList }) {
  const { t } = useTranslation();
  const rows = useRows(reasons);
  if (rows.length === 0) return <Text c="dimmed">{t("overview.noReasons")}</Text>;
  return (
    <Table withTableBorder data-testid="reasons-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t("overview.reason")}</Table.Th>
          <Table.Th>{t("overview.count")}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={`${r.outcome}-${r.reason?.raw ?? ""}`}>
            <Table.Td>{r.label}</Table.Td>
            <Table.Td>
              <UnstyledButton td="underline" onClick={() => open(onOpen, r)}>
                {r.count}
              </UnstyledButton>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
