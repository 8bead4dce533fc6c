// Pre-defined answers to the product's questions: key, kind and value per row. The kinds
// come from Rust (QUESTION_KINDS) and so do the checks: each row shows the core's verdict
// on its value (`questions.<key>`), as the officer types.
import { ActionIcon, Button, Group, Select, Stack, Text, TextInput } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { QUESTION_KINDS, type QuestionKind, type TypedAnswer } from "../platform";

export type QuestionRow = TypedAnswer;

/** The rows as the core takes them (blank rows left out). */
export function toAnswers(rows: QuestionRow[]): TypedAnswer[] {
  return rows.filter((row) => row.key.trim() !== "" || row.value.trim() !== "");
}

export function QuestionsEditor({
  rows,
  onChange,
  problemOf,
}: {
  rows: QuestionRow[];
  onChange: (rows: QuestionRow[]) => void;
  problemOf: (field: string) => string | undefined;
}) {
  const { t } = useTranslation();
  const update = (index: number, patch: Partial<QuestionRow>) => onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <Stack gap="xs" data-testid="questions-editor">
      {rows.length === 0 && (
        <Text size="sm" c="dimmed">
          {t("questions.none")}
        </Text>
      )}
      {rows.map((row, index) => {
        const problem =
          problemOf(`questions.${row.key.trim()}`) ?? (row.key.trim() === "" && row.value !== "" ? problemOf("questions") : undefined);
        return (
          <Group key={index} align="flex-start" wrap="nowrap">
            <TextInput
              aria-label={t("questions.key")}
              placeholder={t("questions.key")}
              value={row.key}
              onChange={(e) => update(index, { key: e.currentTarget.value })}
              data-testid={`question-key-${index}`}
              w={200}
            />
            <Select
              aria-label={t("questions.type")}
              data={QUESTION_KINDS.map((kind) => ({ value: kind, label: t(`questions.types.${kind}`) }))}
              value={row.kind}
              onChange={(v) => v && update(index, { kind: v as QuestionKind })}
              allowDeselect={false}
              w={150}
              data-testid={`question-type-${index}`}
            />
            {row.kind === "yesno" ? (
              <Select
                aria-label={t("questions.value")}
                data={[
                  { value: "1", label: t("questions.yes") },
                  { value: "0", label: t("questions.no") },
                ]}
                value={row.value || null}
                onChange={(v) => update(index, { value: v ?? "" })}
                w={200}
                error={row.value ? problem : undefined}
              />
            ) : (
              <TextInput
                aria-label={t("questions.value")}
                placeholder={t(`questions.hints.${row.kind}`)}
                value={row.value}
                onChange={(e) => update(index, { value: e.currentTarget.value })}
                error={row.value ? problem : undefined}
                data-testid={`question-value-${index}`}
                style={{ flex: 1 }}
              />
            )}
            <ActionIcon
              variant="subtle"
              color="red"
              onClick={() => onChange(rows.filter((_, i) => i !== index))}
              aria-label={t("questions.remove")}
              mt={6}
            >
              ✕
            </ActionIcon>
          </Group>
        );
      })}
      <Button
        variant="default"
        size="xs"
        w="fit-content"
        onClick={() => onChange([...rows, { key: "", kind: "text", value: "" }])}
        data-testid="add-question"
      >
        {t("questions.add")}
      </Button>
    </Stack>
  );
}
