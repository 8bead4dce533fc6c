// One Trust Platform session: status, result word and last step; each data block by type
// (known types as labelled fields, unknown ones as their key/value tree, both with the
// content verbatim one click away; a deleted block as "deleted at IDnow, first seen …");
// its vault files, fetched when opened and shown in the window (a PDF drawn page by page, or,
// if the officer asks, in the system's viewer from a temporary owner-only copy deleted when
// IdentDesk closes; the window says so). An
// unsent session (its creation got no answer) offers "look again / send again" and
// "discard". On a sandbox account the built-in Player can be played from here.
import { lazy, Suspense, useState } from "react";
import { Alert, Badge, Button, Card, Code, Group, Image, Loader, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, queryOf, type BlockView, type IdentificationRef, type SandboxPlay, type SessionDetail, type SessionFile } from "../platform";
import { dateTimeFormat } from "../formatting";
import { ErrorAlert } from "../components/ErrorAlert";
import { Dialog } from "../components/Dialog";
import { CopyField } from "../components/CopyField";
import { AcceptancePanel } from "../components/AcceptancePanel";
import { SessionResultBadge } from "../components/StatusBadge";

/** A time as the officer reads it (IDnow's texts are RFC 3339; one that is not is shown as sent). */
function useWhen(): (text: string) => string {
  const { i18n } = useTranslation();
  const format = dateTimeFormat(i18n.language, "medium", "short");
  return (text) => {
    const date = new Date(text);
    return Number.isNaN(date.getTime()) ? text : format.format(date);
  };
}

export function SessionDetailScreen({ session, sandbox, onBack }: { session: IdentificationRef; sandbox: boolean; onBack: () => void }) {
  const { t } = useTranslation();
  const formatDateTime = useWhen();
  const detail = useQuery(queryOf("sessionDetail", session));
  if (detail.error) return <ErrorAlert error={detail.error} />;
  const d = detail.data;
  if (!d) return null;
  return (
    <Stack data-testid="session-detail">
      <Group>
        <Button variant="subtle" onClick={onBack} data-testid="back">
          ← {t("detail.back")}
        </Button>
        <Title order={2} ff="monospace" data-testid="session-id">
          {d.sessionId}
        </Title>
        <Badge variant="dot" color={d.isFinal ? "dark" : "blue"} data-testid="session-status">
          {d.status ?? t("session.unsent")}
        </Badge>
        {d.result && <SessionResultBadge raw={d.result} />}
      </Group>
      <Text size="sm" c="dimmed">
        {d.accountName} · {t("session.flow")}: {d.flowName ?? d.flowId ?? "—"}
        {d.subjectId && ` · ${t("session.subjectId")}: ${d.subjectId}`}
      </Text>
      {d.state === "outbox" && <Unsent detail={d} />}
      {sandbox && d.state === "created" && !d.isFinal && <SandboxPlayer session={session} />}
      {d.purged && (
        <Alert color="gray" data-testid="session-purged">
          {t("session.purged", { reason: d.purgeReason ?? "retention" })}
        </Alert>
      )}
      <Card withBorder>
        <SimpleGrid cols={{ base: 2, md: 4 }}>
          <Fact label={t("session.createdAt")} value={formatDateTime(d.createdAt)} />
          <Fact label={t("session.completedAt")} value={d.completedAt ? formatDateTime(d.completedAt) : "—"} />
          <Fact label={t("session.expiresAt")} value={d.expiresAt ? formatDateTime(d.expiresAt) : "—"} />
          <Fact
            label={t("session.lastStep")}
            value={
              d.lastStep
                ? [d.lastStep.step, d.lastStep.description, d.lastStep.verdict && `${t("session.verdict")}: ${d.lastStep.verdict}`]
                    .filter(Boolean)
                    .join(" · ")
                : "—"
            }
          />
        </SimpleGrid>
        {d.playerUrl && !d.isFinal && <CopyField label={t("session.playerUrl")} value={d.playerUrl} testId="detail-player-url" link />}
      </Card>
      {d.isFinal && !d.purged && <AcceptancePanel identification={session} finalResult={d.result} />}
      <Title order={4}>{t("session.blocks")}</Title>
      {d.blocks.length === 0 && (
        <Text size="sm" c="dimmed">
          {d.isFinal ? t("session.noBlocks") : t("session.blocksLater")}
        </Text>
      )}
      {d.blocks.map((block) => (
        <Block key={block.blockId} block={block} />
      ))}
      <Files session={session} files={d.files} purged={d.purged} />
    </Stack>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm">{value}</Text>
    </Stack>
  );
}

/** A data block: known types with labelled fields, unknown ones as their key/value tree. */
function Block({ block }: { block: BlockView }) {
  const { t } = useTranslation();
  const formatDateTime = useWhen();
  const [raw, setRaw] = useState(false);
  const label = (key: string) => (block.known ? t(`session.fields.${key}`, { defaultValue: key }) : key);
  return (
    <Card withBorder data-testid="session-block" data-block-type={block.blockType}>
      <Group justify="space-between">
        <Group gap="xs">
          <Text fw={600}>
            {block.known ? t(`session.blockTypes.${block.blockType}`, { defaultValue: block.blockType }) : block.blockType}
          </Text>
          {!block.known && (
            <Badge size="xs" variant="light" color="grape">
              {t("session.unknownType")}
            </Badge>
          )}
          {block.step && (
            <Text size="xs" c="dimmed">
              {t("session.step")}: {block.step}
            </Text>
          )}
        </Group>
        {block.contentJson && (
          <Button size="compact-xs" variant="subtle" onClick={() => setRaw(!raw)}>
            {raw ? t("session.hideRaw") : t("session.showRaw")}
          </Button>
        )}
      </Group>
      {block.deletedSeenAt ? (
        <Text size="sm" c="dimmed" data-testid="block-deleted">
          {t("session.deletedAtIdnow", { date: formatDateTime(block.firstSeenAt) })}
        </Text>
      ) : raw ? (
        <Code block>{block.contentJson}</Code>
      ) : (
        <Table>
          <Table.Tbody>
            {block.fields.map((field) => (
              <Table.Tr key={field.key}>
                <Table.Td w="40%" c="dimmed">
                  {label(field.key)}
                </Table.Td>
                <Table.Td ff={block.known ? undefined : "monospace"}>{field.value}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}

/** The session's vault files: fetched into the cache when opened and shown here (images as
 *  images, PDFs drawn page by page); a PDF can also go to the system's viewer as a temporary
 *  owner-only copy. */
function Files({ session, files, purged }: { session: IdentificationRef; files: SessionFile[]; purged: boolean }) {
  const { t } = useTranslation();
  const [viewing, setViewing] = useState<{ name: string; mediaType: string } | null>(null);
  const open = useMutation({
    mutationFn: async (file: SessionFile) => {
      const info = await api.fetchSessionFile(session, file.vaultId);
      setViewing({ name: info.name, mediaType: info.mediaType });
      return info;
    },
  });
  if (files.length === 0) return null;
  return (
    <Stack>
      <Title order={4}>{t("session.files")}</Title>
      <Group>
        {files.map((file) => (
          <Button
            key={file.vaultId}
            variant="light"
            disabled={purged}
            loading={open.isPending && open.variables?.vaultId === file.vaultId}
            onClick={() => open.mutate(file)}
            data-testid="session-file"
            data-vault-id={file.vaultId}
          >
            {file.blockType} · {file.field}
          </Button>
        ))}
      </Group>
      <ErrorAlert error={open.error} />
      <Dialog
        closeButtonProps={{ "aria-label": t("common.close") }}
        opened={viewing !== null}
        onClose={() => setViewing(null)}
        title={viewing?.name}
        size={viewing?.mediaType === "application/pdf" ? 820 : "lg"}
      >
        {viewing && <FileView session={session} name={viewing.name} mediaType={viewing.mediaType} />}
      </Dialog>
    </Stack>
  );
}

// pdf.js is parsed only when a PDF is opened.
const PdfView = lazy(() => import("../components/PdfView"));

function FileView({ session, name, mediaType }: { session: IdentificationRef; name: string; mediaType: string }) {
  const { t } = useTranslation();
  const url = useQuery(queryOf("attachmentDataUrl", session, name));
  if (url.error) return <ErrorAlert error={url.error} />;
  if (!url.data) return null;
  if (mediaType === "application/pdf") {
    return (
      <Stack>
        <SystemViewer session={session} name={name} />
        <Suspense fallback={<Loader size="sm" />}>
          <PdfView dataUrl={url.data} />
        </Suspense>
      </Stack>
    );
  }
  if (!mediaType.startsWith("image/")) return <Text>{t("session.notViewable", { type: mediaType })}</Text>;
  return <Image src={url.data} alt={name} data-testid="session-image" />;
}

/** The officer's choice to read a PDF in the system's viewer (a temporary copy only they can
 *  read, deleted when IdentDesk closes; the window says so). */
function SystemViewer({ session, name }: { session: IdentificationRef; name: string }) {
  const { t } = useTranslation();
  const open = useMutation({ mutationFn: () => api.openInViewer(session, name) });
  return (
    <Stack gap="xs">
      <Group>
        <Button size="xs" variant="default" onClick={() => open.mutate()} loading={open.isPending} data-testid="open-in-viewer">
          {t("session.openInViewer")}
        </Button>
      </Group>
      <ErrorAlert error={open.error} />
      {open.isSuccess && (
        <Alert color="blue" data-testid="pdf-opened">
          {t("session.pdfOpened")}
        </Alert>
      )}
    </Stack>
  );
}

/** A session whose creation got no answer: IDnow is asked first; only then is it sent again. */
function Unsent({ detail }: { detail: SessionDetail }) {
  const { t } = useTranslation();
  const subject = detail.subjectId ?? detail.sessionId;
  const resend = useMutation({ mutationFn: () => api.resendSession(detail.accountId, subject) });
  const discard = useMutation({ mutationFn: () => api.discardSession(detail.accountId, subject) });
  return (
    <Alert color="orange" title={t("session.unsentTitle")} data-testid="session-unsent">
      <Stack gap="xs">
        <Text size="sm">{t("session.unsentHint")}</Text>
        <Group>
          <Button size="xs" onClick={() => resend.mutate()} loading={resend.isPending} data-testid="session-resend">
            {t("session.resend")}
          </Button>
          <Button size="xs" variant="default" color="red" onClick={() => discard.mutate()} loading={discard.isPending}>
            {t("session.discard")}
          </Button>
        </Group>
        <ErrorAlert error={resend.error ?? discard.error} />
        {resend.data && <Text size="sm">{resend.data.adopted ? t("session.adopted") : t("session.created")}</Text>}
      </Stack>
    </Alert>
  );
}

const PLAYS: SandboxPlay[] = ["running", "accepted", "rejected", "expired", "aborted", "error"];

/** The built-in sandbox's Player: moves the session as the person would; a sync then brings it in. */
function SandboxPlayer({ session }: { session: IdentificationRef }) {
  const { t } = useTranslation();
  const play = useMutation({ mutationFn: (to: SandboxPlay) => api.playSandboxSession(session, to) });
  return (
    <Alert color="violet" title={t("session.sandboxPlayer")} data-testid="sandbox-player">
      <Stack gap="xs">
        <Text size="sm">{t("session.sandboxPlayerHint")}</Text>
        <Group gap="xs">
          {PLAYS.map((to) => (
            <Button
              key={to}
              size="xs"
              variant="light"
              onClick={() => play.mutate(to)}
              loading={play.isPending && play.variables === to}
              data-testid={`sandbox-play-${to}`}
            >
              {t(`session.plays.${to}`)}
            </Button>
          ))}
        </Group>
        {play.isSuccess && (
          <Text size="sm" data-testid="sandbox-played">
            {t("session.played")}
          </Text>
        )}
        <ErrorAlert error={play.error} />
      </Stack>
    </Alert>
  );
}
