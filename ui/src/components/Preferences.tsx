// Language and theme, chosen by the officer (the default follows the operating system).
// Both are kept in the webview's local storage: neither is personal data nor a secret.
// And the way to the log files, for sending to support.
import { Button, SegmentedControl, Select } from "@mantine/core";
import { useMantineColorScheme, type MantineColorScheme } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { LANGUAGE_KEY } from "../i18n";
import { api } from "../platform";

export function Preferences() {
  const { t, i18n } = useTranslation();
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  return (
    <>
      <Select
        aria-label={t("preferences.language")}
        data={[
          { value: "de", label: "Deutsch" },
          { value: "en", label: "English" },
        ]}
        value={i18n.language.startsWith("de") ? "de" : "en"}
        onChange={(language) => {
          if (!language) return;
          localStorage.setItem(LANGUAGE_KEY, language);
          void i18n.changeLanguage(language);
        }}
        allowDeselect={false}
        w={110}
        size="xs"
        data-testid="language"
      />
      <SegmentedControl
        aria-label={t("preferences.theme")}
        size="xs"
        value={colorScheme}
        onChange={(value) => setColorScheme(value as MantineColorScheme)}
        data={[
          { value: "auto", label: t("preferences.system") },
          { value: "light", label: t("preferences.light") },
          { value: "dark", label: t("preferences.dark") },
        ]}
      />
      <Button size="xs" variant="subtle" onClick={() => void api.showLogsFolder()} data-testid="show-logs">
        {t("preferences.logs")}
      </Button>
    </>
  );
}
