// Four-eyes: one officer proposes to accept or reject the final result with a note, a
// different officer confirms. The core refuses self-confirmation; this only shows it.
import { useState } from "react";
import { Alert, Badge, Button, Group, Stack, Text, TextInput, Textarea } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, type Decision } from "../platform";
import { ErrorAlert } from "./ErrorAlert";

export function AcceptancePanel({ accountId, transactionNumber, isFinal }: { accountId: string; transactionNumber: string; isFinal: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const key = ["acceptance", accountId, transactionNumber];
  const acceptance = useQuery({ queryKey: key, queryFn: () => api.acceptance(accountId, transactionNumber) });
  const [officer, setOfficer] = useState("");
  const [note, setNote] = useState("");
  const done = () => void queryClient.invalidateQueries({ queryKey: key });
  const propose = useMutation({ mutationFn: (decision: Decision) => api.proposeDecision(accountId, transactionNumber, decision, note, officer), onSuccess: done });
  const confirm = useMutation({ mutationFn: () => api.confirmDecision(accountId, transactionNumber, officer), onSuccess: done });
  if (!isFinal) return <Text c="dimmed" size="sm">{t("acceptance.waitForFinal")}</Text>;
  const current = acceptance.data;
  return (
    <Stack data-testid="acceptance-panel">
      {current && (
        <Alert color={current.state === "confirmed" ? "green" : current.state === "voided" ? "gray" : "blue"} data-testid="acceptance-state">
          <Group gap="xs">
            <Badge>{t(`acceptance.states.${current.state}`)}</Badge>
            <Text span>{t(`acceptance.decisions.${current.decision}`)} — {current.note}</Text>
          </Group>
          <Text size="sm" c="dimmed">
            {t("acceptance.proposedBy", { officer: current.proposedBy })}
            {current.confirmedBy ? ` · ${t("acceptance.confirmedBy", { officer: current.confirmedBy })}` : ""}
          </Text>
        </Alert>
      )}
      <TextInput label={t("acceptance.officer")} value={officer} onChange={(e) => setOfficer(e.currentTarget.value)} w={280} data-testid="officer" />
      {current?.state !== "proposed" && current?.state !== "confirmed" && (
        <>
          <Textarea label={t("acceptance.note")} value={note} onChange={(e) => setNote(e.currentTarget.value)} data-testid="acceptance-note" />
          <Group>
            <Button color="green" onClick={() => propose.mutate("accept")} loading={propose.isPending} data-testid="propose-accept">{t("acceptance.proposeAccept")}</Button>
            <Button color="red" variant="light" onClick={() => propose.mutate("reject")} loading={propose.isPending}>{t("acceptance.proposeReject")}</Button>
          </Group>
        </>
      )}
      {current?.state === "proposed" && (
        <Button onClick={() => confirm.mutate()} loading={confirm.isPending} w="fit-content" data-testid="confirm-decision">{t("acceptance.confirm")}</Button>
      )}
      <ErrorAlert error={propose.error ?? confirm.error} />
    </Stack>
  );
}
