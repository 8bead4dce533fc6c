// The note after a file was saved: its name, and a button to show it in the file manager.
import { Alert, Button, Group, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { showInFolder, type FileHandle } from "../platform";

export function SavedFile({ file }: { file: FileHandle | null | undefined }) {
  const { t } = useTranslation();
  if (!file) return null;
  return (
    <Alert color="green" data-testid="saved-file">
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm" ff="monospace" style={{ wordBreak: "break-all" }}>
          {t("common.savedTo", { path: file.name })}
        </Text>
        <Button size="compact-sm" variant="light" onClick={() => void showInFolder(file)}>
          {t("common.showInFolder")}
        </Button>
      </Group>
    </Alert>
  );
}
