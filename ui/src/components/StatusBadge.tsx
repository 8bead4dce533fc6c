// An identification's status as a badge: the result in words (an unknown code as IDnow sent
// it) with a preliminary/final mark, or where it stands before there is a result.
import { Badge, Group } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { IdentificationRow, ResultCode, SessionResult } from "../platform";
import { resultWords, sessionResultWords } from "../codes";

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

const SESSION_COLORS: Record<SessionResult, string> = {
  ACCEPTED: "green",
  REJECTED: "red",
  NO_OUTCOME: "yellow",
  EXPIRED: "gray",
  ERROR: "red",
  ABORTED: "yellow",
  COMPLETED: "teal",
  OTHER: "grape",
};

/** A Trust Platform session's result word as a badge (an unknown word as IDnow sent it). */
export function SessionResultBadge({ raw }: { raw: string }) {
  const { t } = useTranslation();
  const value = { code: sessionResultOf(raw), raw };
  return (
    <Badge variant="light" color={SESSION_COLORS[value.code]} data-testid="session-result">
      {sessionResultWords(t, value)}
    </Badge>
  );
}

const SESSION_RESULTS: SessionResult[] = ["ACCEPTED", "REJECTED", "NO_OUTCOME", "EXPIRED", "ERROR", "ABORTED", "COMPLETED"];
function sessionResultOf(raw: string): SessionResult {
  return SESSION_RESULTS.find((code) => code === raw.toUpperCase()) ?? "OTHER";
}

export function StatusBadge({ row }: { row: IdentificationRow }) {
  const { t } = useTranslation();
  if (row.session) {
    const { status, result } = row.session;
    if (!result) {
      return (
        <Badge variant="dot" color={row.stage === "outbox" ? "orange" : "gray"} data-testid="session-status">
          {row.stage === "outbox" ? t("list.stages.outbox") : t(`session.statuses.${status ?? "CREATED"}`, { defaultValue: status ?? "" })}
        </Badge>
      );
    }
    return (
      <Group gap={4} wrap="wrap" style={{ rowGap: 2 }}>
        <Badge variant="light" color={SESSION_COLORS[result.code]} data-testid="session-result">
          {sessionResultWords(t, result)}
        </Badge>
        <Badge variant="outline" color="violet" size="sm" title={t("accounts.kinds.trust-platform")}>
          {t("session.kindMark")}
        </Badge>
      </Group>
    );
  }
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
