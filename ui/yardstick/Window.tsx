// The yardstick window's frame, built like the app's (src/App.tsx): header, navigation, and
// the list or the detail of the row opened (`#open=<index>`, also before React rendered).
import { useEffect, useState } from "react";
import { AppShell, Group, NavLink, Title } from "@mantine/core";
import { identifications, NAVIGATION, type Identification } from "./content";
import { Detail } from "./Detail";
import { List } from "./List";

/** The row a click on a first row asked for (`#open=<index>`), if any. */
function openedInAddress(): Identification | null {
  const match = /^#open=(\d+)$/.exec(window.location.hash);
  return match ? (identifications[Number(match[1])] ?? null) : null;
}

export function Window() {
  const [opened, setOpened] = useState(openedInAddress);
  useEffect(() => {
    performance.mark("commit");
    const follow = () => setOpened(openedInAddress());
    window.addEventListener("hashchange", follow);
    return () => window.removeEventListener("hashchange", follow);
  }, []);
  return (
    <AppShell navbar={{ width: 230, breakpoint: 0 }} header={{ height: 56 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md">
          <Title order={3}>IdentDesk</Title>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label="IdentDesk">
        {NAVIGATION.map((entry) => (
          <NavLink key={entry} component="button" label={entry} active={entry === "Identifications" && !opened} />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>{opened ? <Detail identification={opened} onBack={() => (window.location.hash = "")} /> : <List />}</AppShell.Main>
    </AppShell>
  );
}
