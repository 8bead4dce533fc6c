// Language and theme, chosen by the officer (the default follows the operating system).
// Both are kept in the webview's local storage: neither is personal data nor a secret.
// And the way to the log files, for sending to support. Both choices are the platform's own
// select: Mantine's Select and SegmentedControl measure themselves as they mount, which
// re-rendered the header and laid the page out twice before a served row's detail showed.
import { Button, NativeSelect } from "@mantine/core";
import { useMantineColorScheme, type MantineColorScheme } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { LANGUAGE_KEY } from "../i18n";
import { api } from "../platform";

export function Preferences() {
  const { t, i18n } = useTranslation();
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  return (
    <>
      <NativeSelect
        aria-label={t("preferences.language")}
        data={[
          { value: "de", label: "Deutsch" },
          { value: "en", label: "English" },
        ]}
        value={i18n.language.startsWith("de") ? "de" : "en"}
        onChange={(event) => {
          const language = event.currentTarget.value;
          localStorage.setItem(LANGUAGE_KEY, language);
          void i18n.changeLanguage(language);
        }}
        w={110}
        size="xs"
        data-testid="language"
      />
      <NativeSelect
        aria-label={t("preferences.theme")}
        data={[
          { value: "auto", label: t("preferences.system") },
          { value: "light", label: t("preferences.light") },
          { value: "dark", label: t("preferences.dark") },
        ]}
        value={colorScheme}
        onChange={(event) => setColorScheme(event.currentTarget.value as MantineColorScheme)}
        w={120}
        size="xs"
        data-testid="theme"
      />
      <Button size="xs" variant="subtle" onClick={() => void api.showLogsFolder()} data-testid="show-logs">
        {t("preferences.logs")}
      </Button>
    </>
  );
}
