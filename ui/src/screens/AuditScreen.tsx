// The audit log: every officer action, newest first, and whether the hash chain is intact.
import { Alert, Button, Group, Stack, Table, Title } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, queryOf } from "../platform";
import { ErrorAlert } from "../components/ErrorAlert";
import { dateTimeFormat } from "../formatting";

export function AuditScreen() {
  const { t, i18n } = useTranslation();
  const entries = useQuery(queryOf("auditLog", 500, 0));
  const team = useQuery(queryOf("appStatus")).data?.team ?? false;
  const verify = useMutation({ mutationFn: api.verifyAudit });
  const date = dateTimeFormat(i18n.language, "short", "medium");
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{team ? t("audit.teamTitle") : t("audit.title")}</Title>
        <Button onClick={() => verify.mutate()} loading={verify.isPending} data-testid="verify-audit">
          {t("audit.verify")}
        </Button>
      </Group>
      {verify.data && (
        <Alert color={verify.data.intact ? "green" : "red"} data-testid="audit-verdict">
          {verify.data.intact
            ? t("audit.intact", { count: verify.data.entries })
            : t("audit.broken", { problem: verify.data.problem ?? "" })}
        </Alert>
      )}
      <ErrorAlert error={entries.error ?? verify.error} />
      <Table striped data-testid="audit-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>#</Table.Th>
            <Table.Th>{t("audit.at")}</Table.Th>
            <Table.Th>{t("audit.actor")}</Table.Th>
            <Table.Th>{t("audit.action")}</Table.Th>
            <Table.Th>{t("audit.subject")}</Table.Th>
            <Table.Th>{t("audit.detail")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(entries.data ?? []).map((e) => (
            <Table.Tr key={e.id}>
              <Table.Td>{e.id}</Table.Td>
              <Table.Td>{date.format(new Date(e.at))}</Table.Td>
              <Table.Td>{e.actor}</Table.Td>
              <Table.Td>{t(`audit.actions.${e.action}`, { defaultValue: e.action })}</Table.Td>
              {e.subjectName === null ? (
                <Table.Td ff="monospace" fz="xs">
                  {e.subject}
                </Table.Td>
              ) : (
                <Table.Td title={e.subject}>{e.subjectName}</Table.Td>
              )}
              <Table.Td>{e.detail}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
