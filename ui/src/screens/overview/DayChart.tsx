// Identifications created per day, stacked by what became of them; a part opens the list.
import { Bar } from "react-chartjs-2";
import { Table, UnstyledButton } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { DayOutcomes, Outcome } from "../../platform";
import { baseOptions } from "./chartSetup";
import { OUTCOMES, outcomeColor } from "./outcomes";
import type { OpenList } from "./types";

export function DayChart({ days, dark, onOpen }: { days: DayOutcomes[]; dark: boolean; onOpen: OpenList }) {
  const { t, i18n } = useTranslation();
  const short = new Intl.DateTimeFormat(i18n.language, { day: "2-digit", month: "2-digit" });
  const shown = OUTCOMES.filter((o) => o !== "other" || days.some((d) => d.other > 0));
  const base = baseOptions(dark);
  return (
    <div style={{ height: 280 }}>
      <Bar
        aria-hidden
        data={{
          labels: days.map((d) => short.format(new Date(`${d.day}T12:00:00`))),
          datasets: shown.map((outcome) => ({
            label: t(`overview.outcomes.${outcome}`),
            data: days.map((d) => d[outcome]),
            backgroundColor: outcomeColor(outcome, dark),
            stack: "day",
          })),
        }}
        options={{
          ...base,
          scales: { x: { ...base.scales.x, stacked: true }, y: { ...base.scales.y, stacked: true } },
          onClick: (_event, elements) => {
            const part = elements[0];
            const outcome = part && shown[part.datasetIndex];
            const day = part && days[part.index];
            if (outcome && day) onOpen({ outcome, from: day.day, to: day.day });
          },
        }}
      />
    </div>
  );
}

/** The same numbers as a table; each count opens the list. */
export function DayTable({ days, onOpen }: { days: DayOutcomes[]; onOpen: OpenList }) {
  const { t, i18n } = useTranslation();
  const long = new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium" });
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped withTableBorder data-testid="day-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("overview.day")}</Table.Th>
            {OUTCOMES.map((o) => (
              <Table.Th key={o}>{t(`overview.outcomes.${o}`)}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {days.map((d) => (
            <Table.Tr key={d.day}>
              <Table.Td>{long.format(new Date(`${d.day}T12:00:00`))}</Table.Td>
              {OUTCOMES.map((o: Outcome) => (
                <Table.Td key={o}>
                  {d[o] > 0 ? (
                    <UnstyledButton
                      td="underline"
                      onClick={() => onOpen({ outcome: o, from: d.day, to: d.day })}
                      aria-label={t("overview.openDay", { count: d[o], outcome: t(`overview.outcomes.${o}`), day: d.day })}
                    >
                      {d[o]}
                    </UnstyledButton>
                  ) : (
                    0
                  )}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
