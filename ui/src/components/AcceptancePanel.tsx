// Accepting or rejecting a final result. Here (solo mode) one officer decides: the OS
// account running IdentDesk, named by the core, never typed. The decision stands on the
// result the officer saw; the core refuses it if a sync changed that result meanwhile.
import { useState } from "react";
import { Alert, Badge, Button, Group, Stack, Text, Textarea } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, queryOf, type Decision, type IdentificationRef } from "../platform";
import { ErrorAlert } from "./ErrorAlert";

export function AcceptancePanel({ identification, finalResult }: { identification: IdentificationRef; finalResult: string | null }) {
  const { t } = useTranslation();
  const acceptance = useQuery(queryOf("acceptance", identification));
  const status = useQuery(queryOf("appStatus"));
  const [note, setNote] = useState("");
  const decide = useMutation({
    mutationFn: (decision: Decision) => api.recordDecision(identification, decision, note, finalResult ?? ""),
  });
  if (finalResult === null)
    return (
      <Text c="dimmed" size="sm">
        {t("acceptance.waitForFinal")}
      </Text>
    );
  const current = acceptance.data;
  const standing = current && current.state !== "voided";
  return (
    <Stack data-testid="acceptance-panel">
      {current && (
        <Alert
          color={current.state === "voided" ? "gray" : current.decision === "accept" ? "green" : "red"}
          data-testid="acceptance-state"
          data-state={current.state}
        >
          <Group gap="xs">
            <Badge>{t(`acceptance.states.${current.state}`)}</Badge>
            <Text span>
              {t(`acceptance.decisions.${current.decision}`)} — {current.note}
            </Text>
          </Group>
          <Text size="sm" c="dimmed">
            {current.state === "decided"
              ? t("acceptance.decidedBy", { officer: current.proposedBy })
              : t("acceptance.proposedBy", { officer: current.proposedBy }) +
                (current.confirmedBy ? ` · ${t("acceptance.confirmedBy", { officer: current.confirmedBy })}` : "")}
          </Text>
        </Alert>
      )}
      {!standing && (
        <>
          <Text size="sm" c="dimmed" data-testid="solo-hint">
            {t("acceptance.soloHint", { officer: status.data?.officer ?? "" })}
          </Text>
          <Textarea
            label={t("acceptance.note")}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            data-testid="acceptance-note"
          />
          <Group>
            <Button color="green" onClick={() => decide.mutate("accept")} loading={decide.isPending} data-testid="decide-accept">
              {t("acceptance.accept")}
            </Button>
            <Button
              color="red"
              variant="light"
              onClick={() => decide.mutate("reject")}
              loading={decide.isPending}
              data-testid="decide-reject"
            >
              {t("acceptance.reject")}
            </Button>
          </Group>
        </>
      )}
      <ErrorAlert error={decide.error} />
    </Stack>
  );
}
