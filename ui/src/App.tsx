// The window's frame: navigation on the left, the sync bar on top, one screen at a time,
// and a banner when start-up had a problem (e.g. a locked keychain).
import { lazy, Suspense, useEffect, useState, useTransition } from "react";
import { Alert, AppShell, Badge, Group, NavLink, Text, Title, useMantineColorScheme } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { takeOpenedFromAddress, type Screen } from "./navigation";
import { api, queryOf, type IdentificationRef } from "./platform";
import { Preferences } from "./components/Preferences";
import { SyncBar } from "./components/SyncBar";
import { IdentificationsScreen } from "./screens/IdentificationsScreen";
// In the first chunk: a row clicked as the window starts opens without waiting for code.
import { DetailScreen } from "./screens/DetailScreen";
import type { ListFilter } from "./screens/overview/types";

// The list is the first screen; the others load when first opened, so start-up parses less.
const AccountsScreen = lazy(() => import("./screens/AccountsScreen").then((m) => ({ default: m.AccountsScreen })));
const TeamScreen = lazy(() => import("./screens/TeamScreen").then((m) => ({ default: m.TeamScreen })));
const AuditScreen = lazy(() => import("./screens/AuditScreen").then((m) => ({ default: m.AuditScreen })));
const BulkImportScreen = lazy(() => import("./screens/BulkImportScreen").then((m) => ({ default: m.BulkImportScreen })));
const CreateIdentificationScreen = lazy(() =>
  import("./screens/CreateIdentificationScreen").then((m) => ({ default: m.CreateIdentificationScreen })),
);
const loadOverview = () => import("./screens/overview/OverviewScreen");
const OverviewScreen = lazy(() => loadOverview().then((m) => ({ default: m.OverviewScreen })));
// The overview's charts are the largest chunk: parsed once the list has settled, so the
// screen opens without waiting for them (and start-up does not wait either).
const OVERVIEW_PRELOAD_MS = 3_000;

export function App({ initialSelection = null }: { initialSelection?: IdentificationRef | null }) {
  const { t } = useTranslation();
  const [screen, setScreen] = useState<Screen>("identifications");
  // A first row served with the page and clicked before the live list was there.
  const [selected, setSelected] = useState<IdentificationRef | null>(initialSelection);
  // What the overview asked the list to show (a chart's part), until the officer clears it.
  const [listFilter, setListFilter] = useState<ListFilter | null>(null);
  // Polled: the cache's integrity check finishes after the window opens.
  const status = useQuery({ ...queryOf("appStatus"), refetchInterval: 15_000 });
  const startupError = status.data?.startupError;
  useEffect(() => {
    performance.mark("commit");
    const timer = setTimeout(() => void loadOverview(), OVERVIEW_PRELOAD_MS);
    return () => clearTimeout(timer);
  }, []);

  // Screens change in a transition: while a screen's chunk loads, the one shown stays (no
  // empty fallback), and one already loaded shows at once — a fallback shown even briefly
  // would make React hold back the screen for its 300 ms reveal throttle.
  const [, startTransition] = useTransition();
  const go = (next: Screen) =>
    startTransition(() => {
      setSelected(null);
      setListFilter(null);
      setScreen(next);
    });
  const openList = (filter: ListFilter) =>
    startTransition(() => {
      setSelected(null);
      setListFilter(filter);
      setScreen("identifications");
    });
  const open = (identification: IdentificationRef | null) => startTransition(() => setSelected(identification));
  // Clicked on a served first row while this first render was under way.
  useEffect(() => {
    const opened = () => {
      const identification = takeOpenedFromAddress();
      if (identification) startTransition(() => setSelected(identification));
    };
    opened();
    window.addEventListener("hashchange", opened);
    return () => window.removeEventListener("hashchange", opened);
  }, []);
  useRememberedAppearance();
  const nav = (id: Screen, label: string) => (
    <NavLink
      component="button"
      data-testid={`nav-${id}`}
      label={label}
      active={screen === id && !selected}
      onClick={() => go(id)}
      aria-current={screen === id && !selected ? "page" : undefined}
    />
  );

  return (
    <AppShell navbar={{ width: 230, breakpoint: 0 }} header={{ height: 56 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="xs">
            <Title order={3}>{t("app.name")}</Title>
            {status.data && (
              <Text size="xs" c="dimmed">
                v{status.data.version}
              </Text>
            )}
            {status.data?.officer && (
              <Badge variant="light" color={status.data.team ? "blue" : "gray"} data-testid="officer-badge">
                {status.data.team ? t("team.badge", { officer: status.data.officer }) : status.data.officer}
              </Badge>
            )}
          </Group>
          <Group gap="sm" wrap="nowrap">
            <SyncBar />
            <Preferences />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label={t("app.name")}>
        {nav("overview", t("nav.overview"))}
        {nav("identifications", t("nav.identifications"))}
        {nav("create", t("nav.create"))}
        {nav("bulk", t("nav.bulk"))}
        {nav("accounts", t("nav.accounts"))}
        {nav("team", t("nav.team"))}
        {nav("audit", t("nav.audit"))}
      </AppShell.Navbar>
      <AppShell.Main>
        {startupError && (
          <Alert color="red" title={t("app.startupProblem")} mb="md" data-testid="startup-error">
            {t(`errors.${startupError.code}`)} — {startupError.message}
          </Alert>
        )}
        <Suspense fallback={null}>
          {selected ? (
            <DetailScreen identification={selected} onBack={() => open(null)} />
          ) : (
            <>
              {screen === "overview" && <OverviewScreen onOpenList={openList} />}
              {screen === "identifications" && (
                <IdentificationsScreen
                  key={JSON.stringify(listFilter)}
                  onOpen={open}
                  filter={listFilter}
                  onClearFilter={() => setListFilter(null)}
                />
              )}
              {screen === "create" && <CreateIdentificationScreen onOpen={open} />}
              {screen === "bulk" && <BulkImportScreen />}
              {screen === "accounts" && <AccountsScreen />}
              {screen === "team" && <TeamScreen />}
              {screen === "audit" && <AuditScreen />}
            </>
          )}
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}

/** Tells the core the window's language and colour scheme whenever they change: the page
 *  served at the next start draws its first rows in them. */
function useRememberedAppearance() {
  const { i18n } = useTranslation();
  const { colorScheme } = useMantineColorScheme();
  const language = i18n.language.startsWith("de") ? "de" : "en";
  useEffect(() => {
    api.rememberAppearance({ language, colorScheme }).catch((error: unknown) => {
      console.warn("the window's look was not remembered:", error);
    });
  }, [language, colorScheme]);
}
