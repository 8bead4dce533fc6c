// The cached identifications, newest first. Reads only the local cache, so it works offline.
import { Badge, Button, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, type IdentificationRow, type ListQuery } from "../platform";
import { ErrorAlert } from "../components/ErrorAlert";

function StatusBadge({ row }: { row: IdentificationRow }) {
  const { t } = useTranslation();
  if (row.result) return <Badge variant="light">{row.result}</Badge>;
  return (
    <Badge variant="outline" color={row.state === "outbox" ? "orange" : "gray"}>
      {t(`list.states.${row.state}`)}
    </Badge>
  );
}

export function IdentificationsScreen() {
  const { t, i18n } = useTranslation();
  const query: ListQuery = {
    accountId: null, status: null, search: null, from: null, to: null,
    sort: "created", descending: true, offset: 0, limit: 200,
  };
  const page = useQuery({ queryKey: ["identifications", query], queryFn: () => api.listIdentifications(query) });
  const rows = { ...page, data: page.data?.rows };
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeStyle: "short" });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t("list.title")}</Title>
        <Button variant="default" onClick={() => void rows.refetch()} loading={rows.isFetching}>
          {t("common.refresh")}
        </Button>
      </Group>
      <ErrorAlert error={rows.error} />
      {rows.data?.length === 0 && <Text c="dimmed">{t("list.empty")}</Text>}
      {rows.data && rows.data.length > 0 && (
        <Table striped highlightOnHover data-testid="identifications-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("list.identId")}</Table.Th>
              <Table.Th>{t("list.person")}</Table.Th>
              <Table.Th>{t("list.status")}</Table.Th>
              <Table.Th>{t("list.transactionNumber")}</Table.Th>
              <Table.Th>{t("list.account")}</Table.Th>
              <Table.Th>{t("list.created")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.data.map((row) => (
              <Table.Tr key={`${row.accountId}/${row.transactionNumber}`} data-testid="identification-row">
                <Table.Td ff="monospace">{row.identId ?? "—"}</Table.Td>
                <Table.Td>{[row.firstname, row.lastname].filter(Boolean).join(" ")}</Table.Td>
                <Table.Td>
                  <StatusBadge row={row} />
                </Table.Td>
                <Table.Td ff="monospace" fz="xs">
                  {row.transactionNumber}
                </Table.Td>
                <Table.Td>{row.accountName}</Table.Td>
                <Table.Td>{date.format(new Date(row.createdAt))}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
