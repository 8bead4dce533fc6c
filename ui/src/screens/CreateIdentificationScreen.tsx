// Create an identification: the person's data checked as it is typed, a generated
// transaction number, then the Ident-ID, links and a QR code to hand over. Nothing typed is
// lost when sending fails.
import { Button, Card, Group, Select, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { QRCodeSVG } from "qrcode.react";
import { useTranslation } from "react-i18next";
import { api, type CreatedIdentification, type IdentificationRequest } from "../platform";
import { ErrorAlert } from "../components/ErrorAlert";
import { CopyField } from "../components/CopyField";
import { isEmail, isIsoDate, isTransactionNumber, newTransactionNumber } from "../validation";

interface FormValues {
  account: string;
  transactionNumber: string;
  firstname: string;
  lastname: string;
  birthday: string;
  email: string;
}

/** Every field of the contract, unset; the form fills in what the officer typed. */
export function emptyRequest(): IdentificationRequest {
  return {
    firstname: null, lastname: null, birthday: null, birthplace: null, birthname: null,
    title: null, gender: null, nationality: null, street: null, streetnumber: null,
    zipcode: null, city: null, country: null, email: null, mobilephone: null,
    custom1: null, custom2: null, custom3: null, custom4: null, custom5: null,
    trackingid: null, preferredLang: null, questions: {},
  };
}

const orNull = (value: string) => (value.trim() === "" ? null : value.trim());

export function CreateIdentificationScreen() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const accounts = useQuery({ queryKey: ["accounts"], queryFn: api.listAccounts });
  const form = useForm<FormValues>({
    mode: "controlled",
    initialValues: {
      account: "",
      transactionNumber: newTransactionNumber(),
      firstname: "",
      lastname: "",
      birthday: "",
      email: "",
    },
    validateInputOnChange: true,
    validate: {
      account: (v) => (v ? null : t("validation.required")),
      transactionNumber: (v) => (isTransactionNumber(v) ? null : t("validation.transactionNumber")),
      birthday: (v) => (v === "" || isIsoDate(v) ? null : t("validation.date")),
      email: (v) => (v === "" || isEmail(v) ? null : t("validation.email")),
    },
  });
  const create = useMutation({
    mutationFn: (values: FormValues) =>
      api.createIdentification({
        account: values.account,
        transactionNumber: values.transactionNumber,
        person: {
          ...emptyRequest(),
          firstname: orNull(values.firstname),
          lastname: orNull(values.lastname),
          birthday: orNull(values.birthday),
          email: orNull(values.email),
        },
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["identifications"] }),
  });

  const accountOptions = (accounts.data ?? []).map((a) => ({ value: a.id, label: a.name }));
  // Pre-select the only (or first) account once they are loaded.
  const firstAccount = accountOptions[0];
  if (form.values.account === "" && firstAccount) {
    form.setFieldValue("account", firstAccount.value);
  }

  if (create.data) {
    return (
      <Created
        created={create.data}
        onAnother={() => {
          create.reset();
          form.setValues({ transactionNumber: newTransactionNumber(), firstname: "", lastname: "", birthday: "", email: "" });
        }}
      />
    );
  }

  return (
    <form onSubmit={form.onSubmit((values) => create.mutate(values))} noValidate>
      <Stack maw={720}>
        <Title order={2}>{t("create.title")}</Title>
        {accounts.data?.length === 0 && <Text c="dimmed">{t("create.noAccount")}</Text>}
        <Select
          label={t("create.account")}
          data={accountOptions}
          allowDeselect={false}
          data-testid="account"
          {...form.getInputProps("account")}
        />
        <Group align="flex-end">
          <TextInput
            style={{ flex: 1 }}
            label={t("create.transactionNumber")}
            description={t("create.transactionNumberHint")}
            styles={{ input: { fontFamily: "monospace" } }}
            data-testid="transactionNumber"
            {...form.getInputProps("transactionNumber")}
          />
          <Button variant="default" onClick={() => form.setFieldValue("transactionNumber", newTransactionNumber())}>
            {t("create.regenerate")}
          </Button>
        </Group>
        <SimpleGrid cols={2}>
          <TextInput label={t("create.firstname")} data-testid="firstname" autoComplete="off" {...form.getInputProps("firstname")} />
          <TextInput label={t("create.lastname")} data-testid="lastname" autoComplete="off" {...form.getInputProps("lastname")} />
          <TextInput
            label={t("create.birthday")}
            placeholder={t("create.birthdayHint")}
            data-testid="birthday"
            autoComplete="off"
            {...form.getInputProps("birthday")}
          />
          <TextInput label={t("create.email")} type="email" data-testid="email" autoComplete="off" {...form.getInputProps("email")} />
        </SimpleGrid>
        <ErrorAlert error={create.error} />
        <Group>
          <Button type="submit" loading={create.isPending} data-testid="submit">
            {t("create.submit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Created({ created, onAnother }: { created: CreatedIdentification; onAnother: () => void }) {
  const { t } = useTranslation();
  return (
    <Stack maw={860} data-testid="created">
      <Title order={2}>{created.updated ? t("create.updated") : t("create.success")}</Title>
      <Card withBorder>
        <Group align="flex-start" wrap="nowrap" gap="xl">
          <Stack style={{ flex: 1 }}>
            <Text size="sm" c="dimmed">
              {t("create.identId")}
            </Text>
            <Text size="xl" fw={700} ff="monospace" data-testid="created-ident-id">
              {created.identId}
            </Text>
            <CopyField label={t("create.linkShort")} value={created.links.short} testId="link-short" />
            <CopyField label={t("create.linkLong")} value={created.links.long} testId="link-long" />
            <CopyField label={t("create.linkEmbedded")} value={created.links.embedded} testId="link-embedded" />
          </Stack>
          <Stack align="center" gap="xs">
            <QRCodeSVG value={created.links.short} size={176} marginSize={2} role="img" aria-label={created.links.short} />
            <Text size="xs" c="dimmed" maw={176} ta="center">
              {t("create.qrHint")}
            </Text>
          </Stack>
        </Group>
      </Card>
      <Group>
        <Button onClick={onAnother} data-testid="create-another">
          {t("create.another")}
        </Button>
      </Group>
    </Stack>
  );
}
