// The account's answer templates: load one into the questions editor, or save the current
// answers as one.
import { useState } from "react";
import { Button, Group, Select, TextInput } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, queryOf } from "../platform";
import type { QuestionRow } from "./QuestionsEditor";
import { ErrorAlert } from "./ErrorAlert";

export function AnswerTemplates({
  accountId,
  rows,
  onLoad,
}: {
  accountId: string;
  rows: QuestionRow[];
  onLoad: (rows: QuestionRow[]) => void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState("");
  const templates = useQuery({ ...queryOf("answerTemplates", accountId), enabled: accountId !== "" });
  const save = useMutation({
    mutationFn: () => api.saveAnswerTemplate(accountId, name, rows),
    onSuccess: () => setName(""),
  });
  return (
    <>
      <Group align="flex-end">
        <Select
          label={t("templates.load")}
          placeholder={t("templates.choose")}
          data={(templates.data ?? []).map((tpl) => ({ value: tpl.id, label: tpl.name }))}
          value={null}
          onChange={(id) => {
            const template = templates.data?.find((tpl) => tpl.id === id);
            if (template) onLoad(template.answers);
          }}
          w={240}
          data-testid="template-load"
        />
        <TextInput
          label={t("templates.name")}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          w={220}
          data-testid="template-name"
        />
        <Button
          variant="default"
          onClick={() => save.mutate()}
          disabled={!name.trim() || rows.length === 0}
          loading={save.isPending}
          data-testid="template-save"
        >
          {t("templates.save")}
        </Button>
      </Group>
      <ErrorAlert error={save.error ?? templates.error} />
    </>
  );
}
