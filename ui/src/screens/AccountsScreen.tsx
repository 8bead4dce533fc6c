// IDnow accounts: the list (retention, answer limit, signing key, connection test), and a form
// to add one — first which kind (the classic gateway or the Trust Platform) — whose API key
// or client secret goes to the OS keychain.
import {
  Alert,
  Button,
  Card,
  Checkbox,
  SegmentedControl,
  Modal,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useEffect, useState } from "react";
import { NumberInput, Tooltip } from "@mantine/core";
import { api, queryOf, toAppError, type Account, type AccountKind, type Environment, type PlatformEnvironment } from "../platform";
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
  const accounts = useQuery(queryOf("listAccounts"));
  const [kind, setKind] = useState<AccountKind>("classic");
  const form = useForm<FormValues>({
    mode: "controlled",
    initialValues: { name: "", companyId: "", environment: "de-test", gatewayUrl: "", apiKey: "" },
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
    // The key is in the keychain now; it must not linger in the window.
    onSuccess: () => form.reset(),
  });
  // The core names the field it refuses; the form marks it (the rules live in Rust only).
  useEffect(() => {
    const error = add.error ? toAppError(add.error) : null;
    if (error?.field) form.setFieldError(error.field, error.message);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the error changes
  }, [add.error]);

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
              <Table.Th>{t("accounts.retention")}</Table.Th>
              <Table.Th>{t("accounts.unfinishedRetention")}</Table.Th>
              <Table.Th>{t("accounts.answerLimit")}</Table.Th>
              <Table.Th>{t("accounts.signingKey")}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {accounts.data.map((a) => (
              <Table.Tr key={a.id} data-testid="account-row">
                <Table.Td>{a.name}</Table.Td>
                <Table.Td ff="monospace">{a.companyId}</Table.Td>
                <Table.Td data-testid="account-environment-cell">
                  {a.platform
                    ? `${t("accounts.kinds.trust-platform")} · ${
                        a.environment === "sandbox"
                          ? t("accounts.environments.sandbox")
                          : t(`accounts.platformEnvironments.${a.platform.environment}`)
                      }`
                    : t(`accounts.environments.${a.environment}`)}
                </Table.Td>
                <Table.Td ff="monospace" fz="xs">
                  {a.gatewayUrl ?? ""}
                </Table.Td>
                <Table.Td>
                  <RetentionInput
                    label={t("accounts.retention")}
                    days={a.retentionDays}
                    save={(days) => api.setRetentionDays(a.id, days)}
                    testId="retention"
                  />
                </Table.Td>
                <Table.Td>
                  <RetentionInput
                    label={t("accounts.unfinishedRetention")}
                    days={a.unfinishedRetentionDays}
                    save={(days) => api.setUnfinishedRetentionDays(a.id, days)}
                    testId="unfinished-retention"
                  />
                </Table.Td>
                <Table.Td>
                  <AnswerLimitInput account={a} />
                </Table.Td>
                <Table.Td>
                  <SigningKeyButton account={a} />
                </Table.Td>
                <Table.Td>
                  <ConnectionTest account={a} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Card withBorder>
        <Stack>
          <Title order={4}>{t("accounts.add")}</Title>
          <SegmentedControl
            w="fit-content"
            value={kind}
            onChange={(value) => setKind(value as AccountKind)}
            data={[
              { value: "classic", label: t("accounts.kinds.classic") },
              { value: "trust-platform", label: t("accounts.kinds.trust-platform") },
            ]}
            data-testid="account-kind"
          />
          <Text size="sm" c="dimmed">
            {t(`accounts.kindHints.${kind}`)}
          </Text>
          {kind === "trust-platform" ? <PlatformAccountForm /> : null}
        </Stack>
        {kind === "classic" && (
          <form onSubmit={form.onSubmit((values) => add.mutate(values))} noValidate>
            <Stack mt="md">
              <SimpleGrid cols={2}>
                <TextInput label={t("accounts.name")} data-testid="account-name" {...form.getInputProps("name")} />
                <TextInput label={t("accounts.companyId")} data-testid="account-company-id" {...form.getInputProps("companyId")} />
                <Select
                  data-testid="account-environment"
                  label={t("accounts.environment")}
                  data={ENVIRONMENTS.map((e) => ({ value: e, label: t(`accounts.environments.${e}`) }))}
                  allowDeselect={false}
                  {...form.getInputProps("environment")}
                />
                {form.values.environment === "white-label" && (
                  <TextInput
                    label={t("accounts.gatewayUrl")}
                    placeholder="https://ident.example-bank.de"
                    data-testid="account-gateway-url"
                    {...form.getInputProps("gatewayUrl")}
                  />
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
        )}
      </Card>
    </Stack>
  );
}

interface PlatformValues {
  name: string;
  sandbox: boolean;
  clientId: string;
  clientSecret: string;
  environment: PlatformEnvironment;
  apiUrl: string;
  tokenUrl: string;
}

/** A Trust Platform account: an API client of IDnow's dashboard (its secret to the keychain), or
 *  the built-in sandbox's. Empty URLs mean IDnow's EU production hosts. */
function PlatformAccountForm() {
  const { t } = useTranslation();
  const form = useForm<PlatformValues>({
    mode: "controlled",
    initialValues: { name: "", sandbox: false, clientId: "", clientSecret: "", environment: "staging", apiUrl: "", tokenUrl: "" },
  });
  const orNull = (text: string) => (text.trim() === "" ? null : text.trim());
  const add = useMutation({
    mutationFn: (values: PlatformValues) =>
      api.addPlatformAccount({
        name: values.name,
        sandbox: values.sandbox,
        clientId: values.clientId,
        clientSecret: values.clientSecret,
        environment: values.environment,
        apiUrl: orNull(values.apiUrl),
        tokenUrl: orNull(values.tokenUrl),
      }),
    // The secret is in the keychain now; it must not linger in the window.
    onSuccess: () => form.reset(),
  });
  useEffect(() => {
    const error = add.error ? toAppError(add.error) : null;
    if (error?.field) form.setFieldError(error.field, error.message);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the error changes
  }, [add.error]);
  const sandbox = form.values.sandbox;
  return (
    <form onSubmit={form.onSubmit((values) => add.mutate(values))} noValidate>
      <Stack>
        <SimpleGrid cols={2}>
          <TextInput label={t("accounts.name")} data-testid="platform-name" {...form.getInputProps("name")} />
          <Checkbox
            mt="xl"
            label={t("accounts.platformSandbox")}
            data-testid="platform-sandbox"
            {...form.getInputProps("sandbox", { type: "checkbox" })}
          />
          {!sandbox && (
            <>
              <TextInput label={t("accounts.clientId")} data-testid="platform-client-id" {...form.getInputProps("clientId")} />
              <Select
                label={t("accounts.environment")}
                data={(["staging", "live"] as const).map((e) => ({ value: e, label: t(`accounts.platformEnvironments.${e}`) }))}
                allowDeselect={false}
                data-testid="platform-environment"
                {...form.getInputProps("environment")}
              />
              <TextInput
                label={t("accounts.platformApiUrl")}
                placeholder="https://api.eu.platform.idnow.io/api/v1"
                data-testid="platform-api-url"
                {...form.getInputProps("apiUrl")}
              />
              <TextInput
                label={t("accounts.tokenUrl")}
                placeholder="https://auth.eu.platform.idnow.io/oidc/token"
                data-testid="platform-token-url"
                {...form.getInputProps("tokenUrl")}
              />
            </>
          )}
        </SimpleGrid>
        {!sandbox && (
          <PasswordInput
            label={t("accounts.clientSecret")}
            description={t("accounts.apiKeyHint")}
            autoComplete="off"
            data-testid="platform-client-secret"
            {...form.getInputProps("clientSecret")}
          />
        )}
        <ErrorAlert error={add.error} />
        {add.isSuccess && <Alert color="green">{t("accounts.addedPlatform", { name: add.data.name })}</Alert>}
        <Button type="submit" loading={add.isPending} w="fit-content" data-testid="platform-submit">
          {t("accounts.add")}
        </Button>
      </Stack>
    </form>
  );
}

/** Days personal data is kept (after the final result, or after creation for one never
 *  finished); saved when the field is left. In a team workspace only an administrator may. */
function RetentionInput({
  label,
  days: stored,
  save: store,
  testId,
}: {
  label: string;
  days: number;
  save: (days: number) => Promise<Account>;
  testId: string;
}) {
  const { t } = useTranslation();
  const [days, setDays] = useState<number | string>(stored);
  const save = useMutation({ mutationFn: () => store(Number(days)) });
  return (
    <NumberInput
      aria-label={label}
      data-testid={testId}
      value={days}
      onChange={setDays}
      onBlur={() => Number(days) !== stored && save.mutate()}
      min={1}
      max={3650}
      suffix={` ${t("accounts.days")}`}
      w={130}
      error={save.error ? toAppError(save.error).message : undefined}
    />
  );
}

/** The largest answer (list, result archive) the account accepts; empty means the defaults. */
function AnswerLimitInput({ account }: { account: Account }) {
  const { t } = useTranslation();
  const [mib, setMib] = useState<number | string>(account.answerLimitMib ?? "");
  const save = useMutation({ mutationFn: () => api.setAnswerLimit(account.id, mib === "" ? null : Number(mib)) });
  const changed = (mib === "" ? null : Number(mib)) !== account.answerLimitMib;
  return (
    <NumberInput
      aria-label={t("accounts.answerLimit")}
      data-testid="answer-limit"
      value={mib}
      onChange={setMib}
      onBlur={() => changed && save.mutate()}
      placeholder={t("accounts.answerLimitDefault")}
      min={16}
      max={16384}
      suffix=" MiB"
      w={140}
      error={save.error ? toAppError(save.error).message : undefined}
    />
  );
}

/** IDnow's public key for the environment (PEM): with it, a result XML without a valid signature is refused. */
function SigningKeyButton({ account }: { account: Account }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [pem, setPem] = useState("");
  const save = useMutation({
    mutationFn: () => api.setSigningKey(account.id, pem),
    onSuccess: () => {
      setOpen(false);
      setPem("");
    },
  });
  return (
    <>
      <Button
        size="xs"
        variant={account.hasSigningKey ? "light" : "default"}
        color={account.hasSigningKey ? "green" : undefined}
        onClick={() => setOpen(true)}
        data-testid="signing-key"
      >
        {account.hasSigningKey ? t("accounts.signingKeySet") : t("accounts.signingKeyImport")}
      </Button>
      <Modal
        closeButtonProps={{ "aria-label": t("common.close") }}
        opened={open}
        onClose={() => setOpen(false)}
        title={t("accounts.signingKeyTitle", { name: account.name })}
        size="lg"
      >
        <Stack>
          <Text size="sm">{t("accounts.signingKeyHint")}</Text>
          <Textarea
            value={pem}
            onChange={(e) => setPem(e.currentTarget.value)}
            placeholder="-----BEGIN PUBLIC KEY-----"
            autosize
            minRows={6}
            ff="monospace"
            data-testid="signing-key-pem"
            error={save.error ? toAppError(save.error).message : undefined}
          />
          <Button
            onClick={() => save.mutate()}
            loading={save.isPending}
            disabled={pem.trim() === ""}
            w="fit-content"
            data-testid="signing-key-save"
          >
            {t("accounts.signingKeySave")}
          </Button>
        </Stack>
      </Modal>
    </>
  );
}

/** "Test connection": logs in and shows the company name, shortcode and waiting time. */
function ConnectionTest({ account }: { account: Account }) {
  const { t } = useTranslation();
  const test = useMutation({ mutationFn: () => api.testConnection(account.id) });
  const result =
    test.data && account.platform
      ? t("accounts.connectedPlatform", { count: test.data.flows.length, flows: test.data.flows.join(", "), origin: test.data.answeredBy })
      : test.data
        ? t("accounts.connected", {
            name: test.data.companyName ?? "?",
            shortcode: test.data.shortcode ?? "?",
            seconds: test.data.estimatedWaitingSeconds ?? 0,
            origin: test.data.answeredBy,
          })
        : test.error
          ? toAppError(test.error).message
          : null;
  return (
    <Tooltip label={result ?? ""} disabled={!result} multiline w={320}>
      <Button
        size="xs"
        variant={test.error ? "light" : "default"}
        color={test.error ? "red" : undefined}
        onClick={() => test.mutate()}
        loading={test.isPending}
        data-testid="test-connection"
      >
        {test.data
          ? `✓ ${account.platform ? t("accounts.flowCount", { count: test.data.flows.length }) : (test.data.shortcode ?? "")}`
          : t("accounts.test")}
      </Button>
    </Tooltip>
  );
}
