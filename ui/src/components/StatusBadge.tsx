// An identification's status as a badge: the result in words (an unknown code as IDnow sent
// it) with a preliminary/final mark, or where it stands before there is a result.
import { Badge, Group } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { IdentificationRow, ResultCode } from "../platform";
import { resultWords } from "../codes";

const COLORS: Record<ResultCode, string> = {
  SUCCESS: "green",
  SUCCESS_DATA_CHANGED: "teal",
  REVIEW_PENDING: "blue",
  CHECK_PENDING: "blue",
  FRAUD_SUSPICION_PENDING: "orange",
  FRAUD_SUSPICION_CONFIRMED: "red",
  CANCELED: "gray",
  ABORTED: "yellow",
  FAILED: "red",
  OTHER: "grape",
};

export function StatusBadge({ row }: { row: IdentificationRow }) {
  const { t } = useTranslation();
  if (!row.result) {
    return (
      <Badge variant="dot" color={row.stage === "outbox" ? "orange" : "gray"}>
        {t(`list.stages.${row.stage}`)}
      </Badge>
    );
  }
  return (
    // Wraps to a second line rather than cutting a long (German) word short.
    <Group gap={4} wrap="wrap" style={{ rowGap: 2 }}>
      <Badge variant="light" color={COLORS[row.result.code]} title={row.reason?.raw ?? undefined}>
        {resultWords(t, row.result)}
      </Badge>
      <Badge variant="dot" color={row.stage === "final" ? "dark" : "blue"} size="sm" data-testid="final-mark">
        {row.stage === "final" ? t("list.final") : t("list.preliminary")}
      </Badge>
    </Group>
  );
}
