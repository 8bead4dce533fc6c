// The window's frame: navigation on the left, one screen at a time, and a banner when
// start-up had a problem (e.g. a locked keychain).
import { useState } from "react";
import { Alert, AppShell, Group, NavLink, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "./platform";
import { AccountsScreen } from "./screens/AccountsScreen";
import { CreateIdentificationScreen } from "./screens/CreateIdentificationScreen";
import { IdentificationsScreen } from "./screens/IdentificationsScreen";

type Screen = "identifications" | "create" | "accounts";

export function App() {
  const { t } = useTranslation();
  const [screen, setScreen] = useState<Screen>("identifications");
  const status = useQuery({ queryKey: ["app-status"], queryFn: api.appStatus });
  const startupError = status.data?.startupError;

  const nav = (id: Screen, label: string) => (
    <NavLink
      component="button"
      data-testid={`nav-${id}`}
      label={label}
      active={screen === id}
      onClick={() => setScreen(id)}
      aria-current={screen === id ? "page" : undefined}
    />
  );

  return (
    <AppShell navbar={{ width: 240, breakpoint: 0 }} header={{ height: 52 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Title order={3}>{t("app.name")}</Title>
          {status.data && (
            <Text size="xs" c="dimmed">
              v{status.data.version}
            </Text>
          )}
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label="IdentDesk">
        {nav("identifications", t("nav.identifications"))}
        {nav("create", t("nav.create"))}
        {nav("accounts", t("nav.accounts"))}
      </AppShell.Navbar>
      <AppShell.Main>
        {startupError && (
          <Alert color="red" title={t("app.startupProblem")} mb="md" data-testid="startup-error">
            {t(`errors.${startupError.code}`)} — {startupError.message}
          </Alert>
        )}
        {screen === "identifications" && <IdentificationsScreen />}
        {screen === "create" && <CreateIdentificationScreen />}
        {screen === "accounts" && <AccountsScreen />}
      </AppShell.Main>
    </AppShell>
  );
}
