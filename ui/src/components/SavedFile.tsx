// The note after a file was saved: where it went, and a button to show it in the file manager.
import { Alert, Button, Group, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { showInFolder } from "../platform";

export function SavedFile({ path }: { path: string | null | undefined }) {
  const { t } = useTranslation();
  if (!path) return null;
  return (
    <Alert color="green" data-testid="saved-file">
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm" ff="monospace" style={{ wordBreak: "break-all" }}>
          {t("common.savedTo", { path })}
        </Text>
        <Button size="compact-sm" variant="light" onClick={() => void showInFolder(path)}>
          {t("common.showInFolder")}
        </Button>
      </Group>
    </Alert>
  );
}
