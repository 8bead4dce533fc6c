// The account's answer templates: load one into the questions editor, or save the current
// answers as one.
import { useState } from "react";
import { Button, Group, Select, TextInput } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "../platform";
import type { QuestionRow, QuestionType } from "./QuestionsEditor";
import { ErrorAlert } from "./ErrorAlert";

export function AnswerTemplates({ account, rows, onLoad }: { account: string; rows: QuestionRow[]; onLoad: (rows: QuestionRow[]) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const templates = useQuery({ queryKey: ["templates", account], queryFn: () => api.answerTemplates(account), enabled: account !== "" });
  const save = useMutation({
    mutationFn: () => api.saveAnswerTemplate(account, name, rows.map((r) => ({ key: r.key, kind: r.type, value: r.value }))),
    onSuccess: () => {
      setName("");
      void queryClient.invalidateQueries({ queryKey: ["templates", account] });
    },
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
            if (template) onLoad(template.answers.map((a) => ({ key: a.key, type: a.kind as QuestionType, value: a.value })));
          }}
          w={240}
          data-testid="template-load"
        />
        <TextInput label={t("templates.name")} value={name} onChange={(e) => setName(e.currentTarget.value)} w={220} data-testid="template-name" />
        <Button variant="default" onClick={() => save.mutate()} disabled={!name.trim() || rows.length === 0} loading={save.isPending} data-testid="template-save">
          {t("templates.save")}
        </Button>
      </Group>
      <ErrorAlert error={save.error ?? templates.error} />
    </>
  );
}
