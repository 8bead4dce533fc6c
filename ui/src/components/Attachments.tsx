// The result archive: fetch it into the encrypted cache (or save the ZIP), see what its
// signature covers (the result XML only), and view its images, audio and video.
import { useState } from "react";
import { Badge, Button, Group, Image, SimpleGrid, Stack, Text } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, chooseSaveFile, queryOf, type ArchiveSignature, type AttachmentInfo, type IdentificationRef } from "../platform";
import { Dialog } from "./Dialog";
import { SavedFile } from "./SavedFile";
import { ErrorAlert } from "./ErrorAlert";

export function Attachments({
  identification,
  storedSignature,
}: {
  identification: IdentificationRef;
  storedSignature: ArchiveSignature | null;
}) {
  const { t } = useTranslation();
  const { transactionNumber } = identification;
  const files = useQuery(queryOf("attachments", identification));
  const [viewing, setViewing] = useState<AttachmentInfo | null>(null);
  const fetchArchive = useMutation({
    mutationFn: async (saveZip: boolean) => {
      const output = saveZip ? await chooseSaveFile("zip", `${transactionNumber}.zip`) : null;
      if (saveZip && output === null) return null;
      return { output, outcome: await api.fetchArchive(identification, output?.id ?? null) };
    },
  });
  const signature = fetchArchive.data?.outcome.signature ?? storedSignature;
  const verified = signature === "verified";
  const media = (files.data ?? []).filter((f) => ["image/", "audio/", "video/"].some((kind) => f.mediaType.startsWith(kind)));
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
          <Badge color={verified ? "green" : "gray"} variant="light" data-testid="archive-signature" data-signature={signature}>
            {verified ? t("archive.signatureVerified") : t("archive.signatureUnchecked")}
          </Badge>
        )}
      </Group>
      <ErrorAlert error={fetchArchive.error ?? files.error} />
      <SavedFile file={fetchArchive.data?.output} />
      {files.data?.length === 0 && (
        <Text c="dimmed" size="sm">
          {t("archive.none")}
        </Text>
      )}
      <SimpleGrid cols={{ base: 2, md: 3 }}>
        {media.map((file) => (
          <Stack key={file.name} gap={0} align="center">
            <Button variant="subtle" fullWidth onClick={() => setViewing(file)} data-testid="media" title={file.name}>
              {file.name.replace(`${transactionNumber}_`, "")}
            </Button>
            {verified && !file.coveredBySignature && (
              <Text size="xs" c="dimmed" data-testid="not-covered">
                {t("archive.notCovered")}
              </Text>
            )}
          </Stack>
        ))}
      </SimpleGrid>
      <Dialog
        closeButtonProps={{ "aria-label": t("common.close") }}
        opened={viewing !== null}
        onClose={() => setViewing(null)}
        title={viewing?.name}
        size="lg"
      >
        {viewing && <MediaView identification={identification} file={viewing} />}
      </Dialog>
    </Stack>
  );
}

function MediaView({ identification, file }: { identification: IdentificationRef; file: AttachmentInfo }) {
  const url = useQuery(queryOf("attachmentDataUrl", identification, file.name));
  if (!url.data) return null;
  if (file.mediaType.startsWith("audio/")) return <audio controls src={url.data} />;
  if (file.mediaType.startsWith("video/")) return <video controls src={url.data} width="100%" />;
  return <Image src={url.data} alt={file.name} />;
}
