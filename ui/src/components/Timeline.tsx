// Every status the identification went through, oldest first.
import { Text, Timeline as MantineTimeline } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { HistoryEntry } from "../platform";
import { dateTimeFormat } from "../formatting";
import { reasonWords, resultWords } from "../codes";

export function StatusTimeline({ history, createdAt }: { history: HistoryEntry[]; createdAt: string }) {
  const { t, i18n } = useTranslation();
  const date = dateTimeFormat(i18n.language, "medium", "medium");
  return (
    <MantineTimeline active={history.length} bulletSize={16} lineWidth={2} data-testid="timeline">
      <MantineTimeline.Item title={t("detail.created")}>
        <Text size="xs" c="dimmed">
          {date.format(new Date(createdAt))}
        </Text>
      </MantineTimeline.Item>
      {history.map((entry, index) => (
        <MantineTimeline.Item key={index} title={resultWords(t, entry.result)}>
          {entry.reason && <Text size="sm">{reasonWords(t, entry.reason)}</Text>}
          <Text size="xs" c="dimmed">
            {date.format(new Date(entry.observedAt))}
          </Text>
        </MantineTimeline.Item>
      ))}
    </MantineTimeline>
  );
}
