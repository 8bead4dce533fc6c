// An identification's status as a badge: the result (raw code for unknown ones) with a
// preliminary/final mark, or where it stands before there is a result.
import { Badge, Group } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { IdentificationRow } from "../platform";

const COLORS: Record<string, string> = {
  SUCCESS: "green",
  SUCCESS_DATA_CHANGED: "teal",
  REVIEW_PENDING: "blue",
  CHECK_PENDING: "blue",
  FRAUD_SUSPICION_PENDING: "orange",
  FRAUD_SUSPICION_CONFIRMED: "red",
  CANCELED: "gray",
  ABORTED: "yellow",
};

export function StatusBadge({ row }: { row: IdentificationRow }) {
  const { t } = useTranslation();
  if (!row.result) {
    return (
      <Badge variant="outline" color={row.state === "outbox" ? "orange" : "gray"}>
        {t(`list.states.${row.state}`)}
      </Badge>
    );
  }
  return (
    <Group gap={4} wrap="nowrap">
      <Badge variant="light" color={COLORS[row.result] ?? "grape"} title={row.reason ?? undefined}>
        {t(`results.${row.result}`, { defaultValue: row.result })}
      </Badge>
      <Badge variant="dot" color={row.isFinal ? "dark" : "blue"} size="sm" data-testid="final-mark">
        {row.isFinal ? t("list.final") : t("list.preliminary")}
      </Badge>
    </Group>
  );
}
