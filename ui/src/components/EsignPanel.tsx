// eSign on one identification: a PDF per document definition (the file dialog, or a file
// dropped on the window — handles only, never paths), upload with a progress bar, our
// SHA-256 display hash beside IDnow's, and the signed PDF to save once it is signed.
import { useEffect, useState } from "react";
import { Alert, Badge, Button, Group, Progress, Stack, Table, Text, TextInput } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import {
  api,
  chooseFile,
  chooseSaveFile,
  onFilesDropped,
  progressChannel,
  queryOf,
  type DefinitionView,
  type FileHandle,
  type EsignDocumentView,
  type IdentificationRef,
  type Progress as UploadProgress,
} from "../platform";
import { SavedFile } from "./SavedFile";
import { ErrorAlert } from "./ErrorAlert";

interface Props {
  identification: IdentificationRef;
}

export function EsignPanel({ identification }: Props) {
  const { t } = useTranslation();
  const definitions = useQuery(queryOf("esignDefinitions", identification.accountId));
  const documents = useQuery(queryOf("esignDocuments", identification));
  // The PDF chosen for each document; a dropped file goes to the first without one.
  const [chosen, setChosen] = useState<Record<string, FileHandle>>({});
  const identifiers = (definitions.data ?? []).map((d) => d.identifier).join(",");
  useEffect(() => {
    return onFilesDropped((files) => {
      const file = files[0];
      if (!file) return;
      setChosen((current) => {
        const free = identifiers.split(",").find((id) => id && !current[id]);
        return free ? { ...current, [free]: file } : current;
      });
    });
  }, [identifiers]);
  if (definitions.data?.length === 0)
    return (
      <Text c="dimmed" size="sm">
        {t("esign.noDefinitions")}
      </Text>
    );
  return (
    <Stack data-testid="esign-panel">
      <ErrorAlert error={definitions.error ?? documents.error} />
      {(definitions.data ?? []).map((definition) => (
        <DocumentRow
          key={definition.identifier}
          definition={definition}
          document={documents.data?.find((d) => d.identifier === definition.identifier)}
          identification={identification}
          file={chosen[definition.identifier] ?? null}
          onFile={(file) => setChosen((current) => ({ ...current, [definition.identifier]: file }))}
        />
      ))}
    </Stack>
  );
}

interface RowProps extends Props {
  definition: DefinitionView;
  document?: EsignDocumentView;
  file: FileHandle | null;
  onFile: (file: FileHandle) => void;
}

function DocumentRow({ definition, document, identification, file, onFile }: RowProps) {
  const { t } = useTranslation();
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const upload = useMutation({
    mutationFn: () =>
      api.uploadEsignDocument(identification, definition.identifier, file?.id ?? "", progressChannel<UploadProgress>(setProgress)),
  });
  const saveSigned = useMutation({
    mutationFn: async () => {
      const output = await chooseSaveFile("pdf", `${definition.identifier}-signed.pdf`);
      if (output === null) return null;
      await api.fetchSignedDocument(identification, definition.identifier, output.id);
      return output;
    },
  });
  const choose = async () => {
    const picked = await chooseFile("pdf");
    if (picked) onFile(picked);
  };
  const hashesMatch = document?.idnowHash != null && document.idnowHash.toLowerCase() === document.sha256.toLowerCase();
  return (
    <Stack
      gap="xs"
      p="sm"
      style={{ border: "1px solid var(--mantine-color-default-border)", borderRadius: 8 }}
      data-testid={`esign-${definition.identifier}`}
    >
      <Group justify="space-between">
        <Text fw={600}>
          {definition.name}
          {definition.optional ? ` (${t("esign.optional")})` : ""}
        </Text>
        {document && <Badge data-testid="esign-status">{document.status}</Badge>}
      </Group>
      <Group align="flex-end">
        <TextInput
          style={{ flex: 1 }}
          label={t("esign.file")}
          placeholder={t("esign.fileHint")}
          value={file?.name ?? ""}
          readOnly
          data-testid="esign-path"
        />
        <Button variant="default" onClick={() => void choose()} data-testid="esign-choose">
          {t("esign.choose")}
        </Button>
        <Button onClick={() => upload.mutate()} disabled={!file} loading={upload.isPending} data-testid="esign-upload">
          {t("esign.upload")}
        </Button>
      </Group>
      {progress && (progress.total ?? 0) > 0 && (
        <Progress
          value={(100 * (progress.done ?? 0)) / (progress.total ?? 1)}
          aria-label={t("esign.progress")}
          data-testid="esign-progress"
          data-done={progress.done ?? 0}
          data-total={progress.total ?? 0}
        />
      )}
      <ErrorAlert error={upload.error ?? saveSigned.error} />
      <SavedFile file={saveSigned.data} />
      {document?.unconfirmed && (
        <Alert color="yellow" title={t("esign.unconfirmed")} data-testid="esign-unconfirmed">
          {document.unconfirmed}
        </Alert>
      )}
      {document && (
        <Table data-testid="esign-hashes">
          <Table.Tbody>
            <Table.Tr>
              <Table.Td w={220}>{t("esign.ourHash")}</Table.Td>
              <Table.Td ff="monospace" data-testid="our-display-hash">
                {document.displayHash}
              </Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Td>{t("esign.idnowHash")}</Table.Td>
              <Table.Td ff="monospace" data-testid="idnow-hash">
                {document.idnowHash ?? "—"}{" "}
                {document.idnowHash && (
                  <Badge color={hashesMatch ? "green" : "red"} data-testid="hash-verdict">
                    {hashesMatch ? t("esign.match") : t("esign.mismatch")}
                  </Badge>
                )}
              </Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      )}
      {document?.status === "SIGNED" || document?.signedAvailable ? (
        <Button variant="light" w="fit-content" onClick={() => saveSigned.mutate()} loading={saveSigned.isPending}>
          {t("esign.saveSigned")}
        </Button>
      ) : null}
    </Stack>
  );
}
