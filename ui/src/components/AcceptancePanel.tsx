// Accepting or rejecting a final result. Solo: one officer decides — the OS account running
// IdentDesk, named by the core, never typed. In a team workspace one officer proposes and a
// colleague confirms; the server knows who each is and refuses a confirmation of one's own
// proposal. Either way the decision stands on the result the officer saw; it is refused if
// that result changed meanwhile.
import { useState } from "react";
import { Alert, Badge, Button, Group, Stack, Text, Textarea } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, queryOf, type Acceptance, type Decision, type IdentificationRef } from "../platform";
import { ErrorAlert } from "./ErrorAlert";

export function AcceptancePanel({ identification, finalResult }: { identification: IdentificationRef; finalResult: string | null }) {
  const { t } = useTranslation();
  const panel = useQuery(queryOf("decisionPanel", identification));
  const [note, setNote] = useState("");
  const decide = useMutation({
    mutationFn: (decision: Decision) => api.recordDecision(identification, decision, note, finalResult ?? ""),
    onSuccess: () => setNote(""),
  });
  const confirm = useMutation({ mutationFn: () => api.confirmDecision(identification) });
  if (finalResult === null)
    return (
      <Text c="dimmed" size="sm">
        {t("acceptance.waitForFinal")}
      </Text>
    );
  if (!panel.data) return <ErrorAlert error={panel.error} />;
  const { team, officer, acceptance: current, canConfirm } = panel.data;
  const standing = current && current.state !== "voided";
  return (
    <Stack data-testid="acceptance-panel" data-team={team}>
      {current && <Standing acceptance={current} />}
      {canConfirm && (
        <Group>
          <Button onClick={() => confirm.mutate()} loading={confirm.isPending} data-testid="decide-confirm">
            {t("acceptance.confirm", { officer: current?.proposedBy })}
          </Button>
        </Group>
      )}
      {team && current?.state === "proposed" && !canConfirm && (
        <Text size="sm" c="dimmed" data-testid="own-proposal">
          {current.proposedBy === officer ? t("acceptance.ownProposal") : t("acceptance.cannotConfirm")}
        </Text>
      )}
      {!standing && (
        <>
          <Text size="sm" c="dimmed" data-testid={team ? "team-hint" : "solo-hint"}>
            {team ? t("acceptance.teamHint", { officer }) : t("acceptance.soloHint", { officer })}
          </Text>
          <Textarea
            label={t("acceptance.note")}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            data-testid="acceptance-note"
          />
          <Group>
            <Button color="green" onClick={() => decide.mutate("accept")} loading={decide.isPending} data-testid="decide-accept">
              {team ? t("acceptance.proposeAccept") : t("acceptance.accept")}
            </Button>
            <Button
              color="red"
              variant="light"
              onClick={() => decide.mutate("reject")}
              loading={decide.isPending}
              data-testid="decide-reject"
            >
              {team ? t("acceptance.proposeReject") : t("acceptance.reject")}
            </Button>
          </Group>
        </>
      )}
      <ErrorAlert error={decide.error ?? confirm.error} />
    </Stack>
  );
}

function Standing({ acceptance }: { acceptance: Acceptance }) {
  const { t } = useTranslation();
  return (
    <Alert
      color={
        acceptance.state === "unsigned"
          ? "orange"
          : acceptance.state === "voided" || acceptance.state === "unvouched"
            ? "gray"
            : acceptance.decision === "accept"
              ? "green"
              : "red"
      }
      data-testid="acceptance-state"
      data-state={acceptance.state}
    >
      <Group gap="xs">
        <Badge>{t(`acceptance.states.${acceptance.state}`)}</Badge>
        <Text span>
          {t(`acceptance.decisions.${acceptance.decision}`)} — {acceptance.note}
        </Text>
      </Group>
      <Text size="sm" c="dimmed">
        {acceptance.state === "decided"
          ? t("acceptance.decidedBy", { officer: acceptance.proposedBy })
          : t("acceptance.proposedBy", { officer: acceptance.proposedBy }) +
            (acceptance.confirmedBy ? ` · ${t("acceptance.confirmedBy", { officer: acceptance.confirmedBy })}` : "")}
      </Text>
    </Alert>
  );
}
