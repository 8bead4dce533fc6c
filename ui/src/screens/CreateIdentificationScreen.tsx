// Create an identification: every field of the contract checked as it is typed, a
// generated transaction number, custom fields and tracking id, pre-defined answers, and on
// test and sandbox accounts a scenario picker for the robots. Then the Ident-ID, links and a
// QR code to hand over. Nothing typed is lost when sending fails.
import { useState } from "react";
import { Alert, Button, Card, Divider, Group, Select, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { QRCodeSVG } from "qrcode.react";
import { useTranslation } from "react-i18next";
import { api, type CreatedIdentification, type IdentificationRequest } from "../platform";
import type { Selected } from "../App";
import { ErrorAlert } from "../components/ErrorAlert";
import { CopyField } from "../components/CopyField";
import { AnswerTemplates } from "../components/AnswerTemplates";
import { QuestionsEditor, questionError, toQuestions, type QuestionRow } from "../components/QuestionsEditor";
import { isEmail, isIsoDate, isTransactionNumber, newTransactionNumber } from "../validation";

/** The person's fields, in the order of the form, each with its section. */
const PERSON = ["firstname", "lastname", "birthday", "birthplace", "birthname", "title", "gender", "nationality"] as const;
const ADDRESS = ["street", "streetnumber", "zipcode", "city", "country"] as const;
const CONTACT = ["email", "mobilephone", "preferredLang"] as const;
const CUSTOM = ["custom1", "custom2", "custom3", "custom4", "custom5", "trackingid"] as const;
type PersonField = (typeof PERSON)[number] | (typeof ADDRESS)[number] | (typeof CONTACT)[number] | (typeof CUSTOM)[number];

const SCENARIOS = ["HAPPYPATH", "CHANGEALL", "CHANGEALLREVIEW", "ABORTIDENT", "FRAUDIDENT", "FRAUDREVIEW", "FRAUDOK", "CANCELLED", "LONGREVIEW", "HOLDCERTIFICATE"];

type FormValues = { account: string; transactionNumber: string; scenario: string | null } & Record<PersonField, string>;

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
const blank = Object.fromEntries([...PERSON, ...ADDRESS, ...CONTACT, ...CUSTOM].map((f) => [f, ""])) as Record<PersonField, string>;
const country = (v: string) => (v === "" || /^[A-Z]{2}$/.test(v) ? null : "validation.country");
const phone = (v: string) => (v === "" || /^(\+\d{8,15}|0\d{5,15})$/.test(v) ? null : "validation.phone");

export function CreateIdentificationScreen({ onOpen }: { onOpen?: (selected: Selected) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const accounts = useQuery({ queryKey: ["accounts"], queryFn: api.listAccounts });
  const [questions, setQuestions] = useState<QuestionRow[]>([]);
  const form = useForm<FormValues>({
    mode: "controlled",
    initialValues: { account: "", transactionNumber: newTransactionNumber(), scenario: null, ...blank },
    validateInputOnChange: true,
    validate: {
      account: (v) => (v ? null : t("validation.required")),
      transactionNumber: (v) => (isTransactionNumber(v) ? null : t("validation.transactionNumber")),
      birthday: (v) => (v === "" || isIsoDate(v) ? null : t("validation.date")),
      email: (v) => (v === "" || isEmail(v) ? null : t("validation.email")),
      nationality: (v) => { const e = country(v); return e && t(e); },
      country: (v) => { const e = country(v); return e && t(e); },
      mobilephone: (v) => { const e = phone(v); return e && t(e); },
    },
  });
  const create = useMutation({
    mutationFn: (values: FormValues) => {
      const person: IdentificationRequest = { ...emptyRequest(), questions: toQuestions(questions) };
      for (const field of [...PERSON, ...ADDRESS, ...CONTACT, ...CUSTOM]) person[field] = orNull(values[field]);
      if (values.scenario) person.custom5 = `X-AUTOTEST-${values.scenario}`;
      return api.createIdentification({ account: values.account, transactionNumber: values.transactionNumber, person });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["identifications"] }),
  });

  const accountList = accounts.data ?? [];
  const firstAccount = accountList[0];
  if (form.values.account === "" && firstAccount) form.setFieldValue("account", firstAccount.id);
  const account = accountList.find((a) => a.id === form.values.account);
  const robots = account && (account.environment === "sandbox" || account.environment === "de-test");
  const questionsValid = questions.every((row) => questionError(row) === null);

  if (create.data) {
    return (
      <Created
        created={create.data}
        robots={!!robots && !!form.values.scenario}
        onOpen={onOpen}
        onAnother={() => {
          create.reset();
          setQuestions([]);
          form.setValues({ transactionNumber: newTransactionNumber(), scenario: null, ...blank });
        }}
      />
    );
  }

  const field = (name: PersonField, extra: Record<string, unknown> = {}) => (
    <TextInput key={name} label={t(`fields.${name}`)} data-testid={name} autoComplete="off" {...extra} {...form.getInputProps(name)} />
  );
  return (
    <form onSubmit={form.onSubmit((values) => { if (questionsValid) create.mutate(values); })} noValidate>
      <Stack maw={960}>
        <Title order={2}>{t("create.title")}</Title>
        {accounts.data?.length === 0 && <Text c="dimmed">{t("create.noAccount")}</Text>}
        <Group grow align="flex-end">
          <Select label={t("create.account")} data={accountList.map((a) => ({ value: a.id, label: a.name }))} allowDeselect={false} data-testid="account" {...form.getInputProps("account")} />
          <TextInput label={t("create.transactionNumber")} description={t("create.transactionNumberHint")} styles={{ input: { fontFamily: "monospace" } }} data-testid="transactionNumber" {...form.getInputProps("transactionNumber")} />
          <Button variant="default" style={{ flexGrow: 0 }} onClick={() => form.setFieldValue("transactionNumber", newTransactionNumber())}>{t("create.regenerate")}</Button>
        </Group>
        {robots && (
          <Select
            label={t("create.scenario")}
            description={t("create.scenarioHint")}
            data={SCENARIOS.map((s) => ({ value: s, label: t(`scenarios.${s}`) }))}
            clearable
            data-testid="scenario"
            w={420}
            {...form.getInputProps("scenario")}
          />
        )}
        <Divider label={t("create.sections.person")} labelPosition="left" />
        <SimpleGrid cols={3}>
          {PERSON.map((name) =>
            name === "gender" ? (
              <Select key={name} label={t("fields.gender")} data={[{ value: "FEMALE", label: t("create.female") }, { value: "MALE", label: t("create.male") }]} clearable data-testid="gender" {...form.getInputProps("gender")} />
            ) : name === "birthday" ? (
              field(name, { placeholder: t("create.birthdayHint") })
            ) : name === "nationality" ? (
              field(name, { placeholder: "DE" })
            ) : (
              field(name)
            ),
          )}
        </SimpleGrid>
        <Divider label={t("create.sections.address")} labelPosition="left" />
        <SimpleGrid cols={3}>{ADDRESS.map((name) => field(name, name === "country" ? { placeholder: "DE" } : {}))}</SimpleGrid>
        <Divider label={t("create.sections.contact")} labelPosition="left" />
        <SimpleGrid cols={3}>{CONTACT.map((name) => field(name, name === "mobilephone" ? { placeholder: "+4915112345678" } : name === "preferredLang" ? { placeholder: "de" } : {}))}</SimpleGrid>
        <Divider label={t("create.sections.custom")} labelPosition="left" />
        <SimpleGrid cols={3}>{CUSTOM.map((name) => field(name))}</SimpleGrid>
        <Divider label={t("create.sections.questions")} labelPosition="left" />
        <AnswerTemplates account={form.values.account} rows={questions} onLoad={setQuestions} />
        <QuestionsEditor rows={questions} onChange={setQuestions} />
        <ErrorAlert error={create.error} />
        <Group>
          <Button type="submit" loading={create.isPending} data-testid="submit">{t("create.submit")}</Button>
        </Group>
      </Stack>
    </form>
  );
}

function Created({ created, robots, onAnother, onOpen }: { created: CreatedIdentification; robots: boolean; onAnother: () => void; onOpen?: (s: Selected) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const start = useMutation({
    mutationFn: () => api.startTestRobots(created.accountId, created.transactionNumber),
    onSettled: () => void queryClient.invalidateQueries(),
  });
  return (
    <Stack maw={860} data-testid="created">
      <Title order={2}>{created.updated ? t("create.updated") : t("create.success")}</Title>
      <Card withBorder>
        <Group align="flex-start" wrap="nowrap" gap="xl">
          <Stack style={{ flex: 1 }}>
            <Text size="sm" c="dimmed">{t("create.identId")}</Text>
            <Text size="xl" fw={700} ff="monospace" data-testid="created-ident-id">{created.identId}</Text>
            <CopyField label={t("create.linkShort")} value={created.links.short} testId="link-short" link />
            <CopyField label={t("create.linkLong")} value={created.links.long} testId="link-long" link />
            <CopyField label={t("create.linkEmbedded")} value={created.links.embedded} testId="link-embedded" />
          </Stack>
          <Stack align="center" gap="xs">
            <QRCodeSVG value={created.links.short} size={176} marginSize={2} role="img" aria-label={created.links.short} />
            <Text size="xs" c="dimmed" maw={176} ta="center">{t("create.qrHint")}</Text>
          </Stack>
        </Group>
      </Card>
      {start.isSuccess && <Alert color="blue" data-testid="robots-started">{t("detail.robotsStarted")}</Alert>}
      <ErrorAlert error={start.error} />
      <Group>
        {robots && !start.isSuccess && (
          <Button variant="light" onClick={() => start.mutate()} loading={start.isPending} data-testid="start-robots">{t("detail.startRobots")}</Button>
        )}
        {onOpen && (
          <Button variant="default" onClick={() => onOpen({ accountId: created.accountId, transactionNumber: created.transactionNumber })} data-testid="open-detail">
            {t("create.openDetail")}
          </Button>
        )}
        <Button onClick={onAnother} data-testid="create-another">{t("create.another")}</Button>
      </Group>
    </Stack>
  );
}
