// Bulk creation from a CSV file: choose (or drop) the file, see every row checked (errors
// named by line and field, a page at a time) before anything is sent, then create with a
// progress bar. Running the same file again creates nothing twice.
import { useEffect, useState } from "react";
import { Alert, Badge, Button, Code, Group, Pagination, Progress, Select, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, chooseFile, onFilesDropped, progressChannel, queryOf, type FileHandle, type Progress as BulkProgress } from "../platform";

const PREVIEW_PAGE = 100;
import { ErrorAlert } from "../components/ErrorAlert";

export function BulkImportScreen() {
  const { t } = useTranslation();
  const accounts = useQuery(queryOf("listAccounts"));
  const [account, setAccount] = useState<string | null>(null);
  const [file, setFile] = useState<FileHandle | null>(null);
  const [checked, setChecked] = useState(false);
  const [page, setPage] = useState(1);
  const [progress, setProgress] = useState<BulkProgress | null>(null);
  const chosenAccount = account ?? accounts.data?.[0]?.id ?? null;
  // The whole file is checked; the rows come a page at a time.
  const preview = useQuery({
    ...queryOf("bulkPreview", chosenAccount ?? "", file?.id ?? "", (page - 1) * PREVIEW_PAGE, PREVIEW_PAGE),
    enabled: checked && file !== null,
    placeholderData: keepPreviousData,
    retry: false,
  });
  const create = useMutation({
    mutationFn: () => api.bulkCreate(chosenAccount ?? "", file?.id ?? "", progressChannel<BulkProgress>(setProgress)),
  });
  const take = (chosen: FileHandle | null) => {
    if (!chosen) return;
    setFile(chosen);
    setChecked(false);
    setPage(1);
    create.reset();
  };
  useEffect(() => {
    return onFilesDropped((files) => take(files[0] ?? null));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- subscribe once
  }, []);
  return (
    <Stack maw={1000}>
      <Title order={2}>{t("bulk.title")}</Title>
      <Text size="sm" c="dimmed">
        {t("bulk.help")} <Code>firstname,lastname,birthday,email,question:occupation</Code>
      </Text>
      <Group align="flex-end">
        <Select
          label={t("create.account")}
          data={(accounts.data ?? []).map((a) => ({ value: a.id, label: a.name }))}
          value={chosenAccount}
          onChange={setAccount}
          allowDeselect={false}
          w={220}
        />
        <TextInput
          label={t("bulk.file")}
          value={file?.name ?? ""}
          placeholder={t("bulk.fileHint")}
          readOnly
          style={{ flex: 1 }}
          data-testid="bulk-path"
        />
        <Button variant="default" onClick={() => void chooseFile("csv").then(take)} data-testid="bulk-choose">
          {t("esign.choose")}
        </Button>
        <Button onClick={() => setChecked(true)} disabled={!file} loading={preview.isFetching} data-testid="bulk-preview">
          {t("bulk.preview")}
        </Button>
      </Group>
      <ErrorAlert error={preview.error ?? create.error} />
      {preview.data && (
        <>
          <Group>
            <Badge color="green" data-testid="bulk-valid">
              {t("bulk.valid", { count: preview.data.valid })}
            </Badge>
            <Badge color={preview.data.invalid ? "red" : "gray"} data-testid="bulk-invalid">
              {t("bulk.invalid", { count: preview.data.invalid })}
            </Badge>
          </Group>
          <Table data-testid="bulk-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("bulk.line")}</Table.Th>
                <Table.Th>{t("list.person")}</Table.Th>
                <Table.Th>{t("list.transactionNumber")}</Table.Th>
                <Table.Th>{t("bulk.check")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {preview.data.rows.map((row) => (
                <Table.Tr key={row.line} data-testid="bulk-row" data-valid={row.errors.length === 0}>
                  <Table.Td>{row.line}</Table.Td>
                  <Table.Td>{[row.firstname, row.lastname].filter(Boolean).join(" ")}</Table.Td>
                  <Table.Td ff="monospace" fz="xs">
                    {row.transactionNumber}
                  </Table.Td>
                  <Table.Td>
                    {row.errors.length === 0 ? (
                      <Badge color="green">{t("bulk.ok")}</Badge>
                    ) : (
                      row.errors.map((e) => (
                        <Text key={e.field} size="sm" c="red" data-testid="bulk-error">
                          {t("bulk.errorAt", { line: row.line, field: e.field })}: {e.message}
                        </Text>
                      ))
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {preview.data.total > PREVIEW_PAGE && (
            <Pagination total={Math.ceil(preview.data.total / PREVIEW_PAGE)} value={page} onChange={setPage} data-testid="bulk-pages" />
          )}
          <Button
            onClick={() => create.mutate()}
            disabled={preview.data.valid === 0}
            loading={create.isPending}
            w="fit-content"
            data-testid="bulk-create"
          >
            {t("bulk.create", { count: preview.data.valid })}
          </Button>
        </>
      )}
      {progress && (progress.total ?? 0) > 0 && (
        <Progress value={(100 * (progress.done ?? 0)) / (progress.total ?? 1)} aria-label={t("bulk.progress")} />
      )}
      {create.data && (
        <Alert color={create.data.failed.length ? "orange" : "green"} data-testid="bulk-report">
          {t("bulk.report", {
            created: create.data.created,
            again: create.data.alreadySent,
            skipped: create.data.skipped.length,
            failed: create.data.failed.length,
          })}
          {create.data.taken.length > 0 && <Text size="sm">{t("bulk.taken", { count: create.data.taken.length })}</Text>}
          {[...create.data.failed, ...create.data.taken].map((f) => (
            <Text key={f.field} size="sm">
              {f.field}: {f.message}
            </Text>
          ))}
          {create.data.numberedCopy && (
            <Text size="sm" data-testid="numbered-copy">
              {t("bulk.numberedCopy", { path: create.data.numberedCopy })}
            </Text>
          )}
        </Alert>
      )}
    </Stack>
  );
}
