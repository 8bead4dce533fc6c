// The result archive: fetch it into the encrypted cache (or save the ZIP), see whether its
// signature verified, and view its images and audio.
import { useState } from "react";
import { Badge, Button, Group, Image, Modal, SimpleGrid, Stack, Text } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, chooseSaveFile, queryOf, type AttachmentInfo, type IdentificationRef } from "../platform";
import { SavedFile } from "./SavedFile";
import { ErrorAlert } from "./ErrorAlert";

export function Attachments({ identification }: { identification: IdentificationRef }) {
  const { t } = useTranslation();
  const { transactionNumber } = identification;
  const files = useQuery(queryOf("attachments", identification));
  const [viewing, setViewing] = useState<AttachmentInfo | null>(null);
  const fetchArchive = useMutation({
    mutationFn: async (saveZip: boolean) => {
      const output = saveZip ? await chooseSaveFile(`${transactionNumber}.zip`, [{ name: "ZIP", extensions: ["zip"] }]) : null;
      if (saveZip && output === null) return null;
      return { output, outcome: await api.fetchArchive(identification, output) };
    },
  });
  const signature = fetchArchive.data?.outcome.signatureValid;
  const media = (files.data ?? []).filter((f) => f.mediaType.startsWith("image/") || f.mediaType.startsWith("audio/"));
  return (
    <Stack data-testid="attachments">
      <Group>
        <Button variant="light" onClick={() => fetchArchive.mutate(false)} loading={fetchArchive.isPending} data-testid="fetch-archive">
          {t("archive.fetch")}
        </Button>
        <Button variant="default" onClick={() => fetchArchive.mutate(true)}>
          {t("archive.save")}
        </Button>
        {signature != null && (
          <Badge color={signature ? "green" : "red"}>{signature ? t("archive.signatureValid") : t("archive.signatureInvalid")}</Badge>
        )}
      </Group>
      <ErrorAlert error={fetchArchive.error ?? files.error} />
      <SavedFile path={fetchArchive.data?.output} />
      {files.data?.length === 0 && (
        <Text c="dimmed" size="sm">
          {t("archive.none")}
        </Text>
      )}
      <SimpleGrid cols={4}>
        {media.map((file) => (
          <Button key={file.name} variant="subtle" onClick={() => setViewing(file)} data-testid="media">
            {file.name.replace(`${transactionNumber}_`, "")}
          </Button>
        ))}
      </SimpleGrid>
      <Modal opened={viewing !== null} onClose={() => setViewing(null)} title={viewing?.name} size="lg">
        {viewing && <MediaView identification={identification} file={viewing} />}
      </Modal>
    </Stack>
  );
}

function MediaView({ identification, file }: { identification: IdentificationRef; file: AttachmentInfo }) {
  const url = useQuery(queryOf("attachmentDataUrl", identification, file.name));
  if (!url.data) return null;
  return file.mediaType.startsWith("audio/") ? <audio controls src={url.data} /> : <Image src={url.data} alt={file.name} />;
}
