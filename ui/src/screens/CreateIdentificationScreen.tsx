// Create an identification: every field of the contract checked as it is typed (by the
// core's own rules: the window asks Rust, it keeps no copy of them), a generated
// transaction number, custom fields and tracking id, pre-defined answers, and on test and
// sandbox accounts a scenario picker for the robots. Then the Ident-ID, links and a QR code
// to hand over. Nothing typed is lost when sending fails.
import { useEffect, useState } from "react";
import { Alert, Button, Card, Divider, Group, Select, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useDebouncedValue } from "@mantine/hooks";
import { useMutation, useQuery } from "@tanstack/react-query";
import { QRCodeSVG } from "qrcode.react";
import { useTranslation } from "react-i18next";
import {
  api,
  AppError,
  queryOf,
  ROBOT_SCENARIOS,
  toAppError,
  type CreatedIdentification,
  type FieldError,
  type NewIdentification,
  type PersonData,
  type RobotScenario,
} from "../platform";
import type { OpenDetail } from "../navigation";
import { ErrorAlert } from "../components/ErrorAlert";
import { CopyField } from "../components/CopyField";
import { AnswerTemplates } from "../components/AnswerTemplates";
import { QuestionsEditor, toAnswers, type QuestionRow } from "../components/QuestionsEditor";
import { CreateSessionForm } from "./CreateSessionForm";

/** The person's fields, in the order of the form, each with its section. */
const PERSON = ["firstname", "lastname", "birthday", "birthplace", "birthname", "title", "gender", "nationality"] as const;
const ADDRESS = ["street", "streetnumber", "zipcode", "city", "country"] as const;
const CONTACT = ["email", "mobilephone", "preferredLang"] as const;
const CUSTOM = ["custom1", "custom2", "custom3", "custom4", "custom5", "trackingid"] as const;
const FIELDS = [...PERSON, ...ADDRESS, ...CONTACT, ...CUSTOM] as const;
type PersonField = (typeof FIELDS)[number] & keyof PersonData;

type FormValues = { account: string; transactionNumber: string; scenario: RobotScenario | null } & Record<PersonField, string>;

const blank = Object.fromEntries(FIELDS.map((f) => [f, ""])) as Record<PersonField, string>;
const orNull = (value: string) => (value.trim() === "" ? null : value.trim());
/** How long typing pauses before the core checks the form. */
const CHECK_DELAY_MS = 250;

/** A fresh UUID v4, the transaction number form IDnow recommends. */
export function newTransactionNumber(): string {
  return crypto.randomUUID();
}

/** What the form sends: exactly what was typed, blank fields left out. */
function toNewIdentification(values: FormValues, questions: QuestionRow[]): NewIdentification {
  const person = Object.fromEntries(FIELDS.map((f) => [f, orNull(values[f])])) as unknown as PersonData;
  return {
    accountId: values.account,
    transactionNumber: values.transactionNumber,
    person,
    answers: toAnswers(questions),
    scenario: values.scenario,
  };
}

export function CreateIdentificationScreen({ onOpen }: { onOpen?: OpenDetail }) {
  const { t } = useTranslation();
  const accounts = useQuery(queryOf("listAccounts"));
  const [questions, setQuestions] = useState<QuestionRow[]>([]);
  const form = useForm<FormValues>({
    mode: "controlled",
    initialValues: { account: "", transactionNumber: newTransactionNumber(), scenario: null, ...blank },
  });
  const typed = toNewIdentification(form.values, questions);
  const [settled] = useDebouncedValue(JSON.stringify(typed), CHECK_DELAY_MS);
  // The core's verdict on what is typed, each problem named by its field.
  const check = useQuery({
    queryKey: ["checkIdentification", settled],
    queryFn: () => api.checkIdentification(JSON.parse(settled) as NewIdentification),
    enabled: typed.accountId !== "",
  });
  const problems: FieldError[] = check.data ?? [];
  const problemOf = (field: string) => problems.find((p) => p.field === field)?.message;
  // On send the core judges what is typed now (the verdict above may be a keystroke old).
  const create = useMutation({
    mutationFn: async () => {
      const [problem] = await api.checkIdentification(typed);
      if (problem) throw new AppError({ code: "INVALID_INPUT", message: problem.message, field: problem.field });
      return api.createIdentification(typed);
    },
  });
  // A refusal that names a field (on send) marks that field.
  useEffect(() => {
    const field = create.error ? toAppError(create.error).field : null;
    if (field) form.setFieldError(field, toAppError(create.error).message);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the error changes
  }, [create.error]);

  const accountList = accounts.data ?? [];
  const firstAccount = accountList[0];
  if (form.values.account === "" && firstAccount) form.setFieldValue("account", firstAccount.id);
  const account = accountList.find((a) => a.id === form.values.account);
  const robots = account?.hasTestRobots ?? false;
  const accountPicker = (
    <Select
      label={t("create.account")}
      data={accountList.map((a) => ({ value: a.id, label: a.name }))}
      allowDeselect={false}
      data-testid="account"
      {...form.getInputProps("account")}
    />
  );
  // A Trust Platform account creates sessions for a flow, not identifications.
  if (account?.platform) {
    return <CreateSessionForm key={account.id} account={account} accountPicker={accountPicker} onOpen={onOpen} />;
  }

  if (create.data) {
    return (
      <Created
        created={create.data}
        robots={robots && !!form.values.scenario}
        onOpen={onOpen}
        onAnother={() => {
          create.reset();
          setQuestions([]);
          form.setValues({ transactionNumber: newTransactionNumber(), scenario: null, ...blank });
        }}
      />
    );
  }

  const input = (name: PersonField | "transactionNumber") => {
    const props = form.getInputProps(name);
    return { ...props, error: problemOf(name) ?? props.error };
  };
  const field = (name: PersonField, extra: Record<string, unknown> = {}) => (
    <TextInput key={name} label={t(`fields.${name}`)} data-testid={name} autoComplete="off" {...extra} {...input(name)} />
  );
  return (
    <form onSubmit={form.onSubmit(() => create.mutate())} noValidate>
      <Stack maw={960}>
        <Title order={2}>{t("create.title")}</Title>
        {accounts.data?.length === 0 && <Text c="dimmed">{t("create.noAccount")}</Text>}
        <Group grow align="flex-end">
          {accountPicker}
          <TextInput
            label={t("create.transactionNumber")}
            description={t("create.transactionNumberHint")}
            styles={{ input: { fontFamily: "monospace" } }}
            data-testid="transactionNumber"
            {...input("transactionNumber")}
          />
          <Button variant="default" style={{ flexGrow: 0 }} onClick={() => form.setFieldValue("transactionNumber", newTransactionNumber())}>
            {t("create.regenerate")}
          </Button>
        </Group>
        {robots && (
          <Select
            label={t("create.scenario")}
            description={t("create.scenarioHint")}
            data={ROBOT_SCENARIOS.map((s) => ({ value: s, label: t(`scenarios.${s}`) }))}
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
              <Select
                key={name}
                label={t("fields.gender")}
                data={[
                  { value: "FEMALE", label: t("create.female") },
                  { value: "MALE", label: t("create.male") },
                ]}
                clearable
                data-testid="gender"
                {...input("gender")}
              />
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
        <SimpleGrid cols={3}>
          {CONTACT.map((name) =>
            field(name, name === "mobilephone" ? { placeholder: "+4915112345678" } : name === "preferredLang" ? { placeholder: "de" } : {}),
          )}
        </SimpleGrid>
        <Divider label={t("create.sections.custom")} labelPosition="left" />
        <SimpleGrid cols={3}>{CUSTOM.map((name) => field(name))}</SimpleGrid>
        <Divider label={t("create.sections.questions")} labelPosition="left" />
        <AnswerTemplates accountId={form.values.account} rows={questions} onLoad={setQuestions} />
        <QuestionsEditor rows={questions} onChange={setQuestions} problemOf={problemOf} />
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

function Created({
  created,
  robots,
  onAnother,
  onOpen,
}: {
  created: CreatedIdentification;
  robots: boolean;
  onAnother: () => void;
  onOpen?: OpenDetail;
}) {
  const { t } = useTranslation();
  const identification = { accountId: created.accountId, transactionNumber: created.transactionNumber };
  const start = useMutation({ mutationFn: () => api.startTestRobots(identification) });
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
            <CopyField label={t("create.linkShort")} value={created.links.short} testId="link-short" link />
            <CopyField label={t("create.linkLong")} value={created.links.long} testId="link-long" link />
            <CopyField label={t("create.linkEmbedded")} value={created.links.embedded} testId="link-embedded" />
            <CopyField label={t("create.linkAutoIdent")} value={created.links.autoIdent} testId="link-auto-ident" link />
          </Stack>
          <Stack align="center" gap="xs">
            <QRCodeSVG value={created.links.short} size={176} marginSize={2} role="img" aria-label={created.links.short} />
            <Text size="xs" c="dimmed" maw={176} ta="center">
              {t("create.qrHint")}
            </Text>
          </Stack>
        </Group>
      </Card>
      {start.isSuccess && (
        <Alert color="blue" data-testid="robots-started">
          {t("detail.robotsStarted")}
        </Alert>
      )}
      <ErrorAlert error={start.error} />
      <Group>
        {robots && !start.isSuccess && (
          <Button variant="light" onClick={() => start.mutate()} loading={start.isPending} data-testid="start-robots">
            {t("detail.startRobots")}
          </Button>
        )}
        {onOpen && (
          <Button variant="default" onClick={() => onOpen(identification)} data-testid="open-detail">
            {t("create.openDetail")}
          </Button>
        )}
        <Button onClick={onAnother} data-testid="create-another">
          {t("create.another")}
        </Button>
      </Group>
    </Stack>
  );
}
