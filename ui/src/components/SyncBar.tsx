// The sync status area: a button (Stop while a sync runs), the progress of a running sync, when the cache was last
// synced (kept in the cache, so it survives restarts and counts background syncs), and what
// went wrong (offline is said plainly: the cache still works).
import { useState } from "react";
import { Button, Group, Progress, Text } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, progressChannel, queryOf, toAppError, type SyncProgress } from "../platform";
import { dateTimeFormat } from "../formatting";
import { Hint } from "./Hint";

export function SyncBar() {
  const { t, i18n } = useTranslation();
  const [progress, setProgress] = useState<SyncProgress | null>(null);
  // Syncs this window started and saw finish (a hook for the end-to-end tests).
  const [finished, setFinished] = useState(0);
  const lastSynced = useQuery({
    ...queryOf("lastSync"),
    select: (at: string | null) => (at === null ? null : new Date(at)),
    // Background syncs that change nothing send no event; look again now and then.
    refetchInterval: 60_000,
  });
  const sync = useMutation({
    mutationFn: () => api.syncNow(progressChannel<SyncProgress>(setProgress)),
    onSettled: () => {
      setProgress(null);
      setFinished((n) => n + 1);
    },
  });
  // A sync that ran but could not reach an account reports that account's error.
  const failure = sync.data?.failures[0];
  const error = sync.error ? toAppError(sync.error) : failure ? toAppError(failure.error) : null;
  const time = dateTimeFormat(i18n.language, "short", "short");
  const changed = sync.data?.reports.reduce((sum, report) => sum + report.changes.length, 0);
  const unreadable = sync.data?.reports.reduce((sum, report) => sum + report.undecodable, 0) ?? 0;

  return (
    <Group gap="sm" wrap="nowrap" data-testid="sync-bar" data-finished-syncs={finished}>
      {progress && progress.total > 0 && (
        <Progress value={(100 * progress.done) / progress.total} w={120} aria-label={t("sync.progress")} />
      )}
      {error ? (
        <Hint label={error.message} multiline w={360}>
          <Text size="sm" c="red" data-testid="sync-error">
            {failure ? `${failure.accountName}: ` : ""}
            {error.code === "GATEWAY_UNREACHABLE" ? t("sync.offline") : t(`errors.${error.code}`)}
          </Text>
        </Hint>
      ) : null}
      {lastSynced.data && (
        <Text size="sm" c="dimmed" data-testid="sync-last">
          {t("sync.last", { time: time.format(lastSynced.data) })}
          {changed !== undefined && ` · ${t("sync.changed", { count: changed })}`}
        </Text>
      )}
      {unreadable > 0 && (
        <Hint label={t("sync.unreadableHint")} multiline w={360}>
          <Text size="sm" c="orange" data-testid="sync-unreadable">
            {t("sync.unreadable", { count: unreadable })}
          </Text>
        </Hint>
      )}
      {sync.isPending ? (
        <Button size="xs" variant="light" color="red" onClick={() => void api.cancelSync()} data-testid="sync-stop">
          {t("sync.stop")}
        </Button>
      ) : (
        <Button size="xs" variant="light" onClick={() => sync.mutate()} data-testid="sync-now">
          {t("sync.now")}
        </Button>
      )}
    </Group>
  );
}
