// A read-only value with a copy button, for links and ids handed to the person.
import { Button, CopyButton, TextInput, Tooltip } from "@mantine/core";
import { useTranslation } from "react-i18next";

export function CopyField({ label, value, testId }: { label: string; value: string; testId: string }) {
  const { t } = useTranslation();
  return (
    <TextInput
      label={label}
      value={value}
      readOnly
      data-testid={testId}
      rightSectionWidth={72}
      rightSection={
        <CopyButton value={value}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? t("common.copied") : t("common.copy")}>
              <Button size="compact-xs" variant="subtle" onClick={copy} aria-label={`${t("common.copy")}: ${label}`}>
                {copied ? t("common.copied") : t("common.copy")}
              </Button>
            </Tooltip>
          )}
        </CopyButton>
      }
    />
  );
}
