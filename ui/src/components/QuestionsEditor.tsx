// Pre-defined answers to the product's questions: key, type and value per row, checked as
// typed and turned into the wire form (0/1 for yes/no, integers, ISO dates and countries).
import { ActionIcon, Button, Group, Select, Stack, Text, TextInput } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { QuestionAnswer } from "../platform";
import { isIsoDate } from "../validation";

export type QuestionType = "text" | "integer" | "yesno" | "date" | "country";

export interface QuestionRow {
  key: string;
  type: QuestionType;
  value: string;
}

const TYPES: QuestionType[] = ["text", "integer", "yesno", "date", "country"];

/** The row's problem, as a translation key, or null. */
export function questionError(row: QuestionRow): string | null {
  if (!row.key.trim()) return "validation.questionKey";
  switch (row.type) {
    case "integer":
      return /^-?\d+$/.test(row.value) ? null : "validation.integer";
    case "yesno":
      return row.value === "1" || row.value === "0" ? null : "validation.yesno";
    case "date":
      return isIsoDate(row.value) ? null : "validation.date";
    case "country":
      return /^[A-Z]{2}$/.test(row.value) ? null : "validation.country";
    default:
      return row.value.trim() ? null : "validation.required";
  }
}

export function toQuestions(rows: QuestionRow[]): { [key: string]: QuestionAnswer } {
  return Object.fromEntries(
    rows.map((row) => [row.key.trim(), { value: row.type === "integer" || row.type === "yesno" ? Number(row.value) : row.value }]),
  );
}

export function QuestionsEditor({ rows, onChange }: { rows: QuestionRow[]; onChange: (rows: QuestionRow[]) => void }) {
  const { t } = useTranslation();
  const update = (index: number, patch: Partial<QuestionRow>) => onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <Stack gap="xs" data-testid="questions-editor">
      {rows.length === 0 && <Text size="sm" c="dimmed">{t("questions.none")}</Text>}
      {rows.map((row, index) => {
        const error = questionError(row);
        return (
          <Group key={index} align="flex-start" wrap="nowrap">
            <TextInput aria-label={t("questions.key")} placeholder={t("questions.key")} value={row.key} onChange={(e) => update(index, { key: e.currentTarget.value })} data-testid={`question-key-${index}`} w={200} />
            <Select aria-label={t("questions.type")} data={TYPES.map((type) => ({ value: type, label: t(`questions.types.${type}`) }))} value={row.type} onChange={(v) => v && update(index, { type: v as QuestionType })} allowDeselect={false} w={150} data-testid={`question-type-${index}`} />
            {row.type === "yesno" ? (
              <Select aria-label={t("questions.value")} data={[{ value: "1", label: t("questions.yes") }, { value: "0", label: t("questions.no") }]} value={row.value || null} onChange={(v) => update(index, { value: v ?? "" })} w={200} error={row.value && error ? t(error) : undefined} />
            ) : (
              <TextInput aria-label={t("questions.value")} placeholder={t(`questions.hints.${row.type}`)} value={row.value} onChange={(e) => update(index, { value: e.currentTarget.value })} error={row.value && error ? t(error) : undefined} data-testid={`question-value-${index}`} style={{ flex: 1 }} />
            )}
            <ActionIcon variant="subtle" color="red" onClick={() => onChange(rows.filter((_, i) => i !== index))} aria-label={t("questions.remove")} mt={6}>✕</ActionIcon>
          </Group>
        );
      })}
      <Button variant="default" size="xs" w="fit-content" onClick={() => onChange([...rows, { key: "", type: "text", value: "" }])} data-testid="add-question">
        {t("questions.add")}
      </Button>
    </Stack>
  );
}
