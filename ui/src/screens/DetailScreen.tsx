// One identification: result and reason in plain words, every field (CHANGE as old → new),
// identity document, contact, custom and question data, eSign documents, the archive's
// media, the timeline, four-eyes acceptance, a PDF summary, and delete at IDnow behind a
// confirmation that names the consequence.
import { useState } from "react";
import { Alert, Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, chooseSaveFile, queryOf, type IdentificationRef } from "../platform";
import { SavedFile } from "../components/SavedFile";
import { reasonWords, resultWords } from "../codes";
import { AcceptancePanel } from "../components/AcceptancePanel";
import { Attachments } from "../components/Attachments";
import { CopyField } from "../components/CopyField";
import { Dialog } from "../components/Dialog";
import { ErrorAlert } from "../components/ErrorAlert";
import { EsignPanel } from "../components/EsignPanel";
import { KeyValues, ResultFields } from "../components/ResultFields";
import { StatusBadge } from "../components/StatusBadge";
import { StatusTimeline } from "../components/Timeline";
import { SessionDetailScreen } from "./SessionDetailScreen";

/** The detail of what the list row names: a Trust Platform session's, or an identification's. */
export function DetailScreen({ identification, onBack }: { identification: IdentificationRef; onBack: () => void }) {
  const accounts = useQuery(queryOf("listAccounts"));
  const account = accounts.data?.find((a) => a.id === identification.accountId);
  if (!account) return <ErrorAlert error={accounts.error} />;
  return account.platform ? (
    <SessionDetailScreen session={identification} sandbox={account.environment === "sandbox"} onBack={onBack} />
  ) : (
    <IdentificationDetailScreen identification={identification} onBack={onBack} />
  );
}

function IdentificationDetailScreen({ identification, onBack }: { identification: IdentificationRef; onBack: () => void }) {
  const { t } = useTranslation();
  const { accountId, transactionNumber } = identification;
  const detail = useQuery(queryOf("identificationDetail", identification));
  const accounts = useQuery(queryOf("listAccounts"));
  const account = accounts.data?.find((a) => a.id === accountId);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const robots = useMutation({ mutationFn: () => api.startTestRobots(identification) });
  const remove = useMutation({ mutationFn: () => api.deleteAtIdnow(identification), onSuccess: () => setConfirmDelete(false) });
  const pdf = useMutation({
    mutationFn: async () => {
      const output = await chooseSaveFile("pdf", `${transactionNumber}.pdf`);
      if (output === null) return null;
      await api.exportSummaryPdf(identification, output.id);
      return output;
    },
  });
  if (detail.error) return <ErrorAlert error={detail.error} />;
  const data = detail.data;
  if (!data) return null;
  const { row, result } = data;
  const robotsAvailable = account?.hasTestRobots ?? false;

  return (
    <Stack data-testid="detail">
      <Group justify="space-between">
        <Group>
          <Button variant="subtle" onClick={onBack} data-testid="back">
            ← {t("detail.back")}
          </Button>
          <Title order={2} ff="monospace" data-testid="detail-ident-id">
            {row.identId ?? "—"}
          </Title>
          <StatusBadge row={row} />
        </Group>
        <Group>
          {robotsAvailable && !row.result && (
            <Button variant="light" onClick={() => robots.mutate()} loading={robots.isPending} data-testid="start-robots">
              {t("detail.startRobots")}
            </Button>
          )}
          <Button variant="default" onClick={() => pdf.mutate()} loading={pdf.isPending}>
            {t("detail.exportPdf")}
          </Button>
          <Button color="red" variant="light" onClick={() => setConfirmDelete(true)} disabled={row.purged} data-testid="delete-open">
            {t("detail.delete")}
          </Button>
        </Group>
      </Group>
      <ErrorAlert error={robots.error ?? remove.error ?? pdf.error} />
      <SavedFile file={pdf.data} />
      {robots.isSuccess && <Alert color="blue">{t("detail.robotsStarted")}</Alert>}
      <Text size="sm" c="dimmed" ff="monospace" data-testid="detail-transaction">
        {row.transactionNumber} · {row.accountName}
      </Text>
      {row.result && (
        <Alert color={row.stage === "final" ? "gray" : "blue"} title={resultWords(t, row.result)} data-testid="result-explained">
          {t(`resultExplained.${row.result.code}`)}
          {row.reason && (
            <Text size="sm" mt={4}>
              {t("detail.reason")}: {reasonWords(t, row.reason)} ({row.reason.raw})
            </Text>
          )}
        </Alert>
      )}
      {row.purged && (
        <Alert color="gray" data-testid="purged">
          {t("detail.purged")}
        </Alert>
      )}
      {data.links && !row.result && (
        <Card withBorder>
          <SimpleGrid cols={3}>
            <CopyField label={t("create.linkShort")} value={data.links.short} testId="detail-link-short" link />
            <CopyField label={t("create.linkLong")} value={data.links.long} testId="detail-link-long" link />
            <CopyField label={t("create.linkEmbedded")} value={data.links.embedded} testId="detail-link-embedded" />
            {data.links.autoIdent && (
              <CopyField label={t("create.linkAutoIdent")} value={data.links.autoIdent} testId="detail-link-auto-ident" link />
            )}
          </SimpleGrid>
        </Card>
      )}
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Card withBorder>
          <Title order={4} mb="xs">
            {t("detail.person")}
          </Title>
          {result ? (
            <ResultFields fields={result.person} testId="person-fields" />
          ) : (
            <Text c="dimmed" size="sm">
              {row.purged ? t("detail.purged") : t("detail.noResult")}
            </Text>
          )}
        </Card>
        <Card withBorder>
          <Title order={4} mb="xs">
            {t("detail.document")}
          </Title>
          {result ? (
            <ResultFields fields={result.document} testId="document-fields" />
          ) : (
            <Text c="dimmed" size="sm">
              —
            </Text>
          )}
          <Title order={5} mt="md">
            {t("detail.contact")}
          </Title>
          <KeyValues pairs={result?.contact ?? []} testId="contact" />
          <Title order={5} mt="md">
            {t("detail.custom")}
          </Title>
          <KeyValues pairs={result?.custom ?? []} testId="custom" />
          <Title order={5} mt="md">
            {t("detail.questions")}
          </Title>
          <KeyValues pairs={result?.questions ?? []} testId="questions" />
        </Card>
        <Card withBorder>
          <Title order={4} mb="xs">
            {t("detail.timeline")}
          </Title>
          <StatusTimeline history={data.history} createdAt={row.createdAt} />
        </Card>
        <Card withBorder>
          <Title order={4} mb="xs">
            {t("detail.acceptance")}
          </Title>
          {data.observations.length > 0 && (
            <Alert color="orange" title={t("detail.conflict")} mb="sm" data-testid="result-conflict">
              <Text size="sm" mb="xs">
                {t("detail.conflictHint")}
              </Text>
              <Stack gap={2}>
                {data.observations.map((o) => (
                  <Text key={`${o.reportedBy}-${o.reportedAt}-${o.result}`} size="sm" data-testid="observation">
                    {t("detail.observation", {
                      officer: o.reportedBy,
                      result: o.result,
                      at: o.identifiedAt ?? "—",
                      when: o.reportedAt,
                    })}
                    {o.contradicted && ` — ${t("detail.contradicted")}`}
                  </Text>
                ))}
              </Stack>
            </Alert>
          )}
          <AcceptancePanel
            identification={identification}
            finalResult={row.stage === "final" && !row.purged ? (row.result?.raw ?? null) : null}
          />
        </Card>
        <Card withBorder>
          <Title order={4} mb="xs">
            {t("detail.esign")}
          </Title>
          <EsignPanel identification={identification} />
        </Card>
        <Card withBorder>
          <Title order={4} mb="xs">
            {t("detail.archive")}
          </Title>
          {row.result && !row.purged ? (
            <Attachments identification={identification} storedSignature={data.archiveSignature} />
          ) : (
            <Text c="dimmed" size="sm">
              —
            </Text>
          )}
        </Card>
      </SimpleGrid>
      <Dialog
        closeButtonProps={{ "aria-label": t("common.close") }}
        opened={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        title={t("detail.deleteTitle")}
      >
        <Stack>
          <Text>{t("detail.deleteConsequence", { id: row.identId ?? row.transactionNumber })}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmDelete(false)}>
              {t("common.cancel")}
            </Button>
            <Button color="red" onClick={() => remove.mutate()} loading={remove.isPending} data-testid="confirm-delete">
              {t("detail.deleteConfirm")}
            </Button>
          </Group>
        </Stack>
      </Dialog>
      <Badge variant="transparent" c="dimmed">
        {t("detail.updated", { at: row.updatedAt })}
      </Badge>
    </Stack>
  );
}
