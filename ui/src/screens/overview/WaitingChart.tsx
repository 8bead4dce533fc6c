// What is waiting now, by age; each bar opens the list filtered to it.
import { Bar } from "react-chartjs-2";
import { Table, UnstyledButton } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Waiting, WaitingAge } from "../../platform";
import { baseOptions } from "./chartSetup";
import type { OpenList } from "./types";

export const AGES: WaitingAge[] = ["underADay", "underAWeek", "older"];
const COLORS = { light: ["#1971c2", "#b35c00", "#c92a2a"], dark: ["#74c0fc", "#ffc078", "#ff8787"] };

export function WaitingChart({ waiting, dark, onOpen }: { waiting: Waiting; dark: boolean; onOpen: OpenList }) {
  const { t } = useTranslation();
  const base = baseOptions(dark);
  return (
    <div style={{ height: 220 }}>
      <Bar
        aria-hidden
        data={{
          labels: AGES.map((age) => t(`overview.ages.${age}`)),
          datasets: [
            {
              label: t("overview.waitingCount"),
              data: AGES.map((age) => waiting[age]),
              backgroundColor: dark ? COLORS.dark : COLORS.light,
            },
          ],
        }}
        options={{
          ...base,
          plugins: { ...base.plugins, legend: { display: false } },
          onClick: (_event, elements) => {
            const age = elements[0] && AGES[elements[0].index];
            if (age) onOpen({ waitingAge: age });
          },
        }}
      />
    </div>
  );
}

export function WaitingTable({ waiting, onOpen }: { waiting: Waiting; onOpen: OpenList }) {
  const { t } = useTranslation();
  return (
    <Table withTableBorder data-testid="waiting-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t("overview.age")}</Table.Th>
          <Table.Th>{t("overview.waitingCount")}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {AGES.map((age) => (
          <Table.Tr key={age}>
            <Table.Td>{t(`overview.ages.${age}`)}</Table.Td>
            <Table.Td>
              <UnstyledButton td="underline" onClick={() => onOpen({ waitingAge: age })} data-testid={`waiting-${age}`}>
                {waiting[age]}
              </UnstyledButton>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
