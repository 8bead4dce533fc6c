// Every cached identification: filters, search, sort, a CSV export, and a virtualized list
// that fetches 200-row pages as they scroll into view, so 100 000 rows stay smooth. Reads
// only the local cache, so it works offline.
import { useState, type KeyboardEvent } from "react";
import { Badge, Box, Button, Checkbox, Group, NativeSelect, Stack, Switch, Text, TextInput, Title, UnstyledButton } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useVirtualizer } from "react-window";
import { SavedFile } from "../components/SavedFile";
import {
  api,
  chooseSaveFile,
  queryOf,
  RESULT_CODES,
  type IdentificationStage,
  type ListQuery,
  type ResultCode,
  type SortKey,
} from "../platform";
import { ErrorAlert } from "../components/ErrorAlert";
import { StatusBadge } from "../components/StatusBadge";
import { INITIAL_QUERY, PAGE, pageQuery } from "./listPages";
import type { OpenDetail } from "../navigation";
import { dateTimeFormat } from "../formatting";
import type { ListFilter } from "./overview/types";

const ROW_HEIGHT = 44;
const STAGES: IdentificationStage[] = ["outbox", "waiting", "preliminary", "final"];
/** The status filter: a stage, or one result (`OTHER` is no filter). */
const RESULTS = RESULT_CODES.filter((code): code is Exclude<ResultCode, "OTHER"> => code !== "OTHER");
const SORTS: SortKey[] = ["created", "updated", "name", "status", "transactionNumber"];
const COLUMNS = "110px 1.2fr 1.9fr 1.7fr 0.9fr 190px";

function usePage(query: ListQuery, page: number) {
  return useQuery(pageQuery(query, page));
}

export function IdentificationsScreen({
  onOpen,
  filter = null,
  onClearFilter,
}: {
  onOpen: OpenDetail;
  /** A chart's part from the overview: its outcome, age or reason, and its days. */
  filter?: ListFilter | null;
  onClearFilter?: () => void;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState("");
  const [debouncedSearch] = useDebouncedValue(search, 250);
  const [status, setStatus] = useState<string | null>(null);
  const [accountId, setAccountId] = useState<string | null>(filter?.accountId ?? null);
  const [from, setFrom] = useState(filter?.from ?? "");
  const [to, setTo] = useState(filter?.to ?? "");
  const [sort, setSort] = useState<SortKey>(INITIAL_QUERY.sort);
  const [descending, setDescending] = useState<boolean>(INITIAL_QUERY.descending);
  const [withPersonalData, setWithPersonalData] = useState(false);
  const [waitingForMe, setWaitingForMe] = useState(false);
  const accounts = useQuery(queryOf("listAccounts"));
  const team = useQuery(queryOf("appStatus")).data?.team ?? false;
  const stage = STAGES.find((s) => s === status) ?? null;
  const result = RESULTS.find((r) => r === status) ?? null;
  const query: ListQuery = {
    accountId,
    stage,
    result,
    search: debouncedSearch.trim() || null,
    from: from || null,
    to: to || null,
    sort,
    descending,
    offset: 0,
    limit: PAGE,
    waitingForMe: team && waitingForMe,
    outcome: filter?.outcome ?? null,
    waitingAge: filter?.waitingAge ?? null,
    reason: filter?.reason ?? null,
  };
  const filterWords = filter
    ? [
        filter.outcome && t(`overview.outcomes.${filter.outcome}`),
        filter.waitingAge && `${t("overview.waitingCount")}: ${t(`overview.ages.${filter.waitingAge}`)}`,
        filter.reason,
      ]
        .filter(Boolean)
        .join(" · ")
    : "";
  const first = usePage(query, 0);
  const total = first.data?.total ?? 0;
  const exportCsv = useMutation({
    mutationFn: async () => {
      const output = await chooseSaveFile("csv", "identdesk-export.csv");
      return output === null ? null : { output, count: await api.exportCsv(query, withPersonalData, output.id) };
    },
  });

  return (
    <Stack h="calc(100vh - 90px)">
      <Group justify="space-between">
        <Title order={2}>{t("list.title")}</Title>
        <Group>
          <Checkbox
            label={t("list.withPersonalData")}
            checked={withPersonalData}
            onChange={(e) => setWithPersonalData(e.currentTarget.checked)}
          />
          <Button variant="default" onClick={() => exportCsv.mutate()} loading={exportCsv.isPending}>
            {t("list.exportCsv")}
          </Button>
        </Group>
      </Group>
      {filterWords && (
        <Group gap="xs" data-testid="overview-filter">
          <Badge variant="light" size="lg" tt="none">
            {t("overview.filtered", { filter: filterWords })}
          </Badge>
          <Button size="compact-sm" variant="subtle" onClick={onClearFilter}>
            {t("overview.clearFilter")}
          </Button>
        </Group>
      )}
      <Group align="flex-end" wrap="wrap">
        <TextInput
          label={t("list.search")}
          placeholder={t("list.searchHint")}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          data-testid="search"
          w={260}
        />
        {/* The platform's own selects: Mantine's Select would bring its popover positioning
            (floating-ui) into the first chunk, which a row clicked at start-up waits for. */}
        <NativeSelect
          label={t("list.status")}
          data={[
            { value: "", label: t("list.anyStatus") },
            ...STAGES.map((s) => ({ value: s, label: t(`list.stages.${s}`) })),
            ...RESULTS.map((r) => ({ value: r, label: t(`results.${r}`) })),
          ]}
          value={status ?? ""}
          onChange={(e) => setStatus(e.currentTarget.value || null)}
          w={190}
          data-testid="status-filter"
        />
        <NativeSelect
          label={t("list.account")}
          data={[{ value: "", label: t("list.anyAccount") }, ...(accounts.data ?? []).map((a) => ({ value: a.id, label: a.name }))]}
          value={accountId ?? ""}
          onChange={(e) => setAccountId(e.currentTarget.value || null)}
          w={160}
          data-testid="account-filter"
        />
        <TextInput type="date" label={t("list.from")} value={from} onChange={(e) => setFrom(e.currentTarget.value)} w={150} />
        <TextInput type="date" label={t("list.to")} value={to} onChange={(e) => setTo(e.currentTarget.value)} w={150} />
        <NativeSelect
          label={t("list.sort")}
          data={SORTS.map((s) => ({ value: s, label: t(`list.sorts.${s}`) }))}
          value={sort}
          onChange={(e) => setSort(e.currentTarget.value as SortKey)}
          w={170}
          data-testid="sort"
        />
        <Button variant="default" onClick={() => setDescending(!descending)} aria-label={t("list.direction")}>
          {descending ? "↓" : "↑"}
        </Button>
        {team && (
          <Switch
            label={t("list.waitingForMe")}
            checked={waitingForMe}
            onChange={(e) => setWaitingForMe(e.currentTarget.checked)}
            data-testid="waiting-for-me"
            mb={8}
          />
        )}
      </Group>
      <ErrorAlert error={first.error ?? exportCsv.error} />
      {exportCsv.data != null && (
        <Text size="sm" c="green">
          {t("list.exported", { count: exportCsv.data.count })}
        </Text>
      )}
      <SavedFile file={exportCsv.data?.output} />
      <Text size="sm" c="dimmed" data-testid="total">
        {t("list.total", { count: total })}
      </Text>
      {first.data && total === 0 ? <Text c="dimmed">{t("list.empty")}</Text> : <VirtualList query={query} total={total} onOpen={onOpen} />}
    </Stack>
  );
}

function VirtualList({ query, total, onOpen }: { query: ListQuery; total: number; onOpen: OpenDetail }) {
  const { t } = useTranslation();
  const [scroller, setScroller] = useState<HTMLDivElement | null>(null);
  // Rows have one height, so where each row sits is arithmetic: nothing is kept per row (a
  // virtualizer that measures keeps two numbers and a key per row: 24 MB over 1 000 000
  // cached). Three rows beyond each edge, not more: every row drawn costs the page about
  // 0.3 MiB (its elements, layout, text and accessibility objects). The window's height
  // stands in for the list's until it is measured, so the first frame already has its rows.
  const virtualizer = useVirtualizer({
    count: total,
    element: scroller,
    itemSize: ROW_HEIGHT,
    overscanCount: 3,
    defaultSize: window.innerHeight,
  });
  const header = ["identId", "person", "status", "transactionNumber", "account", "created"];
  // Arrow keys, Home and End move between rows (Tab reaches the list, Enter opens a row);
  // the row is scrolled into being first, then focused.
  const moveFocus = (event: KeyboardEvent<HTMLDivElement>) => {
    const current = Number((event.target as HTMLElement).getAttribute("aria-rowindex")) - 1;
    if (current < 0 || total === 0) return;
    const targets: Record<string, number> = {
      ArrowDown: current + 1,
      ArrowUp: current - 1,
      Home: 0,
      End: total - 1,
      PageDown: current + 10,
      PageUp: current - 10,
    };
    const target = targets[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const next = Math.min(total - 1, Math.max(0, target));
    virtualizer.scrollToIndex({ index: next });
    const focus = (attempts: number) => {
      const row = scroller?.querySelector<HTMLElement>(`[aria-rowindex="${next + 1}"]`);
      if (row) row.focus();
      else if (attempts > 0) requestAnimationFrame(() => focus(attempts - 1));
    };
    requestAnimationFrame(() => focus(30));
  };
  return (
    <Box
      role="grid"
      aria-rowcount={total}
      style={{ flex: 1, minHeight: 0, display: "flex", flexDirection: "column" }}
      data-testid="identifications-table"
    >
      <Box
        role="row"
        style={{
          display: "grid",
          gridTemplateColumns: COLUMNS,
          gap: 8,
          padding: "6px 8px",
          fontWeight: 600,
          borderBottom: "1px solid var(--mantine-color-default-border)",
        }}
      >
        {header.map((h) => (
          <div role="columnheader" key={h}>
            {t(`list.${h}`)}
          </div>
        ))}
      </Box>
      <div ref={setScroller} style={{ flex: 1, overflow: "auto" }} onKeyDown={moveFocus}>
        <div style={{ height: virtualizer.totalSize, position: "relative" }}>
          {virtualizer.items.map((item) => (
            <Row key={item.index} index={item.index} query={query} top={item.offset} onOpen={onOpen} />
          ))}
        </div>
      </div>
    </Box>
  );
}

function Row({ index, query, top, onOpen }: { index: number; query: ListQuery; top: number; onOpen: OpenDetail }) {
  const { t, i18n } = useTranslation();
  const page = usePage(query, Math.floor(index / PAGE));
  const row = page.data?.rows[index % PAGE];
  const date = dateTimeFormat(i18n.language, "short", "short");
  const style = { position: "absolute" as const, top, left: 0, right: 0, height: ROW_HEIGHT };
  if (!row) return <div style={style} role="row" aria-busy="true" />;
  const name = row.purged ? "—" : [row.firstname, row.lastname].filter(Boolean).join(" ");
  return (
    <UnstyledButton
      role="row"
      aria-rowindex={index + 1}
      data-testid="identification-row"
      onClick={() => onOpen({ accountId: row.accountId, transactionNumber: row.transactionNumber })}
      style={{
        ...style,
        display: "grid",
        gridTemplateColumns: COLUMNS,
        gap: 8,
        alignItems: "center",
        padding: "0 8px",
        borderBottom: "1px solid var(--mantine-color-default-border)",
      }}
    >
      <span role="gridcell" style={{ fontFamily: row.session ? undefined : "monospace" }}>
        {row.session ? t("accounts.kinds.trust-platform") : (row.identId ?? "—")}
      </span>
      <span role="gridcell">{name}</span>
      <span role="gridcell" style={{ display: "flex", flexWrap: "wrap", gap: 4, rowGap: 2, alignItems: "center" }}>
        <StatusBadge row={row} />
        {row.decision && (
          <Badge size="xs" variant="outline" color={row.decision === "proposed" ? "orange" : "gray"} data-testid="decision-mark">
            {t(`acceptance.states.${row.decision}`)}
          </Badge>
        )}
      </span>
      <span role="gridcell" style={{ fontFamily: "monospace", fontSize: 12, overflow: "hidden", textOverflow: "ellipsis" }}>
        {row.transactionNumber}
      </span>
      <span role="gridcell" style={{ overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" }}>
        {row.accountName}
        {row.createdBy && (
          <Text span size="xs" c="dimmed" data-testid="created-by">
            {" "}
            · {row.createdBy}
          </Text>
        )}
      </span>
      <span role="gridcell">{date.format(new Date(row.createdAt))}</span>
    </UnstyledButton>
  );
}
