// A read-only value with a copy button (and, for links, an open button), for links and ids
// handed to the person. The copy button says "Copied" itself (no tooltip repeating it).
import { Button, Group, TextInput } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { copyText, openInBrowser } from "../platform";

export function CopyField({ label, value, testId, link = false }: { label: string; value: string; testId: string; link?: boolean }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await copyText(value);
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  return (
    <TextInput
      label={label}
      value={value}
      readOnly
      data-testid={testId}
      rightSectionWidth={link ? 132 : 72}
      rightSection={
        <Group gap={2} wrap="nowrap">
          <Button
            size="compact-xs"
            variant="subtle"
            onClick={() => void copy()}
            aria-label={`${t("common.copy")}: ${label}`}
            data-testid={`${testId}-copy`}
          >
            {copied ? t("common.copied") : t("common.copy")}
          </Button>
          {link && (
            <Button
              size="compact-xs"
              variant="subtle"
              onClick={() => void openInBrowser(value)}
              aria-label={`${t("common.open")}: ${label}`}
            >
              {t("common.open")}
            </Button>
          )}
        </Group>
      }
    />
  );
}
