// IDnow accounts: the list, and a form to add one whose API key goes to the OS keychain.
import { Alert, Button, Card, PasswordInput, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, type Environment } from "../platform";
import { ErrorAlert } from "../components/ErrorAlert";

const ENVIRONMENTS: Environment[] = ["de-live", "de-test", "ch-live", "white-label", "sandbox"];

interface FormValues {
  name: string;
  companyId: string;
  environment: Environment;
  gatewayUrl: string;
  apiKey: string;
}

export function AccountsScreen() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const accounts = useQuery({ queryKey: ["accounts"], queryFn: api.listAccounts });
  const form = useForm<FormValues>({
    mode: "controlled",
    initialValues: { name: "", companyId: "", environment: "de-test", gatewayUrl: "", apiKey: "" },
    validate: {
      name: (v) => (v.trim() ? null : t("validation.required")),
      companyId: (v) => (v.trim() ? null : t("validation.required")),
      apiKey: (v) => (v.trim() ? null : t("validation.required")),
      gatewayUrl: (v, values) =>
        values.environment !== "white-label" || /^https?:\/\/\S+$/.test(v.trim()) ? null : t("validation.url"),
    },
  });
  const add = useMutation({
    mutationFn: (values: FormValues) =>
      api.addAccount({
        name: values.name,
        companyId: values.companyId,
        environment: values.environment,
        gatewayUrl: values.environment === "white-label" ? values.gatewayUrl : null,
        goUrl: null,
        apiUrl: null,
        apiKey: values.apiKey,
      }),
    onSuccess: () => {
      // The key is in the keychain now; it must not linger in the window.
      form.reset();
      void queryClient.invalidateQueries({ queryKey: ["accounts"] });
    },
  });

  return (
    <Stack maw={960}>
      <Title order={2}>{t("accounts.title")}</Title>
      <ErrorAlert error={accounts.error} />
      {accounts.data?.length === 0 && <Text c="dimmed">{t("accounts.empty")}</Text>}
      {accounts.data && accounts.data.length > 0 && (
        <Table data-testid="accounts-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("accounts.name")}</Table.Th>
              <Table.Th>{t("accounts.companyId")}</Table.Th>
              <Table.Th>{t("accounts.environment")}</Table.Th>
              <Table.Th>{t("accounts.gatewayUrl")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {accounts.data.map((a) => (
              <Table.Tr key={a.id} data-testid="account-row">
                <Table.Td>{a.name}</Table.Td>
                <Table.Td ff="monospace">{a.companyId}</Table.Td>
                <Table.Td>{t(`accounts.environments.${a.environment}`)}</Table.Td>
                <Table.Td ff="monospace" fz="xs">
                  {a.gatewayUrl ?? ""}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Card withBorder>
        <form onSubmit={form.onSubmit((values) => add.mutate(values))} noValidate>
          <Stack>
            <Title order={4}>{t("accounts.add")}</Title>
            <SimpleGrid cols={2}>
              <TextInput label={t("accounts.name")} data-testid="account-name" {...form.getInputProps("name")} />
              <TextInput label={t("accounts.companyId")} data-testid="account-company-id" {...form.getInputProps("companyId")} />
              <Select
                label={t("accounts.environment")}
                data={ENVIRONMENTS.map((e) => ({ value: e, label: t(`accounts.environments.${e}`) }))}
                allowDeselect={false}
                {...form.getInputProps("environment")}
              />
              {form.values.environment === "white-label" && (
                <TextInput label={t("accounts.gatewayUrl")} placeholder="https://ident.example-bank.de" {...form.getInputProps("gatewayUrl")} />
              )}
            </SimpleGrid>
            <PasswordInput
              label={t("accounts.apiKey")}
              description={t("accounts.apiKeyHint")}
              autoComplete="off"
              data-testid="account-api-key"
              {...form.getInputProps("apiKey")}
            />
            <ErrorAlert error={add.error} />
            {add.isSuccess && <Alert color="green">{t("accounts.added", { name: add.data.name })}</Alert>}
            <Button type="submit" loading={add.isPending} w="fit-content" data-testid="account-submit">
              {t("accounts.add")}
            </Button>
          </Stack>
        </form>
      </Card>
    </Stack>
  );
}
