// The overview a team lead reads at a glance: for a period and one or all accounts,
// identifications per day by outcome, pass, fraud and cancellation rates beside the period
// before, time to a final result per week, what is waiting, the top reasons and eSign.
// Every figure comes from the core (the team database in a team workspace); a chart's part
// opens the list with its filter; each chart has a table view and saves as PNG, the
// figures as CSV.
import { useState } from "react";
import {
  Alert,
  Button,
  Card,
  Group,
  Select,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
  useComputedColorScheme,
} from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, chooseSaveFile, queryOf, type OverviewRequest, type PeriodPreset, type Rates } from "../../platform";
import { ErrorAlert } from "../../components/ErrorAlert";
import { SavedFile } from "../../components/SavedFile";
import { ChartCard } from "./ChartCard";
import { DayChart, DayTable } from "./DayChart";
import { ReasonsChart, ReasonsTable } from "./ReasonsChart";
import { TimesChart, TimesTable } from "./TimesChart";
import { WaitingChart, WaitingTable } from "./WaitingChart";
import { chartInk } from "./outcomes";
import type { OpenList } from "./types";

const PRESETS: PeriodPreset[] = ["thisWeek", "last30Days", "quarter", "custom"];

export function OverviewScreen({ onOpenList }: { onOpenList: OpenList }) {
  const { t } = useTranslation();
  const dark = useComputedColorScheme("light") === "dark";
  const [preset, setPreset] = useState<PeriodPreset>("last30Days");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [accountId, setAccountId] = useState<string | null>(null);
  const accounts = useQuery(queryOf("listAccounts"));
  const custom = preset === "custom";
  const request: OverviewRequest = { accountId, preset, from: custom ? from : null, to: custom ? to : null };
  const ready = !custom || (from !== "" && to !== "");
  const overview = useQuery({ ...queryOf("overview", request), enabled: ready, placeholderData: (previous) => previous });
  const exportCsv = useMutation({
    mutationFn: async () => {
      const output = await chooseSaveFile("csv", "identdesk-overview.csv");
      return output === null ? null : { output, rows: await api.exportOverviewCsv(request, output.id) };
    },
  });
  const open: OpenList = (filter) => onOpenList({ accountId, ...filter });
  const data = overview.data;
  const background = chartInk(dark).background;

  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>{t("overview.title")}</Title>
        <Button variant="default" onClick={() => exportCsv.mutate()} loading={exportCsv.isPending} disabled={!data}>
          {t("overview.exportCsv")}
        </Button>
      </Group>
      <Group align="flex-end" wrap="wrap">
        <SegmentedControl
          value={preset}
          onChange={(value) => setPreset(PRESETS.find((p) => p === value) ?? "last30Days")}
          data={PRESETS.map((p) => ({ value: p, label: t(`overview.presets.${p}`) }))}
          aria-label={t("overview.period")}
          data-testid="overview-period"
        />
        {custom && (
          <>
            <TextInput type="date" label={t("list.from")} value={from} onChange={(e) => setFrom(e.currentTarget.value)} w={160} />
            <TextInput type="date" label={t("list.to")} value={to} onChange={(e) => setTo(e.currentTarget.value)} w={160} />
          </>
        )}
        <Select
          label={t("list.account")}
          placeholder={t("overview.allAccounts")}
          data={(accounts.data ?? []).map((a) => ({ value: a.id, label: a.name }))}
          value={accountId}
          onChange={setAccountId}
          clearable
          w={200}
        />
      </Group>
      <ErrorAlert error={overview.error ?? exportCsv.error} />
      {exportCsv.data && <SavedFile file={exportCsv.data.output} />}
      {data && (
        <Stack data-testid="overview-ready">
          <Text size="sm" c="dimmed" data-testid="overview-source">
            {t(`overview.sources.${data.source}`, { from: data.from, to: data.to })}
          </Text>
          {data.source === "localTeamUnreachable" && <Alert color="yellow">{t("overview.teamUnreachable")}</Alert>}
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <RateCard id="pass" title={t("overview.passRate")} current={data.current} previous={data.previous} pick={(r) => r.passRate} />
            <RateCard
              id="fraud"
              title={t("overview.fraudRate")}
              current={data.current}
              previous={data.previous}
              pick={(r) => r.fraudRate}
            />
            <RateCard
              id="cancellation"
              title={t("overview.cancellationRate")}
              current={data.current}
              previous={data.previous}
              pick={(r) => r.cancellationRate}
            />
          </SimpleGrid>
          <ChartCard
            id="per-day"
            title={t("overview.perDay")}
            background={background}
            chart={<DayChart days={data.days} dark={dark} onOpen={open} />}
            table={<DayTable days={data.days} onOpen={open} />}
          />
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <ChartCard
              id="waiting"
              title={t("overview.waiting")}
              background={background}
              chart={<WaitingChart waiting={data.waiting} dark={dark} onOpen={open} />}
              table={<WaitingTable waiting={data.waiting} onOpen={open} />}
            />
            <ChartCard
              id="times"
              title={t("overview.timeToFinal")}
              background={background}
              chart={<TimesChart weeks={data.timeToFinal} dark={dark} />}
              table={<TimesTable weeks={data.timeToFinal} />}
            />
          </SimpleGrid>
          <ChartCard
            id="reasons"
            title={t("overview.reasons")}
            background={background}
            chart={<ReasonsChart reasons={data.reasons} dark={dark} onOpen={open} />}
            table={<ReasonsTable reasons={data.reasons} onOpen={open} />}
          />
          <Card withBorder data-testid="overview-esign">
            <Title order={3} size="h4" mb="xs">
              {t("overview.esign")}
            </Title>
            <Group gap="xl">
              <Figure label={t("overview.esignUploaded")} value={String(data.esign.uploaded)} />
              <Figure label={t("overview.esignSigned")} value={String(data.esign.signed)} />
              <Figure label={t("overview.esignWaiting")} value={String(data.esign.waiting)} />
            </Group>
          </Card>
        </Stack>
      )}
    </Stack>
  );
}

function Figure({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="xl" fw={700} data-testid={testId}>
        {value}
      </Text>
    </div>
  );
}

function RateCard({
  id,
  title,
  current,
  previous,
  pick,
}: {
  id: string;
  title: string;
  current: Rates;
  previous: Rates;
  pick: (rates: Rates) => number | null;
}) {
  const { t, i18n } = useTranslation();
  const percent = new Intl.NumberFormat(i18n.language, { style: "percent", maximumFractionDigits: 1 });
  const shown = (value: number | null) => (value === null ? "–" : percent.format(value));
  return (
    <Card withBorder data-testid={`rate-${id}`}>
      <Text size="sm" c="dimmed">
        {title}
      </Text>
      <Text size="xl" fw={700} data-testid={`rate-${id}-current`}>
        {shown(pick(current))}
      </Text>
      <Text size="sm" c="dimmed">
        {t("overview.previous", { value: shown(pick(previous)), count: previous.finalResults })}
      </Text>
      <Text size="sm" c="dimmed">
        {t("overview.finalResults", { count: current.finalResults })}
      </Text>
    </Card>
  );
}
