// Create a Trust Platform session: the flow, the input blocks the officer fills
// (`basicIdentity`, and others as the flow needs them, as key/value fields), a subject id that
// is random unless typed, redirect URL, state and locale. The core checks what is typed as it
// is typed; then the Player URL as link and QR code. Nothing typed is lost when sending fails.
import { useEffect, useState } from "react";
import { ActionIcon, Alert, Button, Card, Divider, Group, Select, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useDebouncedValue } from "@mantine/hooks";
import { useMutation, useQuery } from "@tanstack/react-query";
import { QRCodeSVG } from "qrcode.react";
import { useTranslation } from "react-i18next";
import { api, AppError, queryOf, toAppError, type Account, type CreatedSession, type FieldError, type NewSessionInput } from "../platform";
import type { OpenDetail } from "../navigation";
import { ErrorAlert } from "../components/ErrorAlert";
import { CopyField } from "../components/CopyField";

interface Values {
  flowId: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  subjectId: string;
  redirectUrl: string;
  state: string;
  locale: string;
}

/** One field of another input block, as typed. */
interface BlockField {
  block: string;
  key: string;
  value: string;
}

const CHECK_DELAY_MS = 250;
const blank: Values = { flowId: "", givenName: "", familyName: "", birthDate: "", subjectId: "", redirectUrl: "", state: "", locale: "" };
const orNull = (text: string) => (text.trim() === "" ? null : text.trim());

function toInput(accountId: string, values: Values, fields: BlockField[]): NewSessionInput {
  const blocks = new Map<string, { key: string; value: string }[]>();
  for (const f of fields.filter((f) => f.block.trim() !== "" && f.key.trim() !== "")) {
    const block = f.block.trim();
    blocks.set(block, [...(blocks.get(block) ?? []), { key: f.key.trim(), value: f.value }]);
  }
  return {
    accountId,
    flowId: values.flowId,
    givenName: orNull(values.givenName),
    familyName: orNull(values.familyName),
    birthDate: orNull(values.birthDate),
    otherBlocks: [...blocks].map(([blockType, pairs]) => ({ blockType, fields: pairs })),
    subjectId: orNull(values.subjectId),
    locale: orNull(values.locale),
    redirectUrl: orNull(values.redirectUrl),
    state: orNull(values.state),
  };
}

export function CreateSessionForm({
  account,
  accountPicker,
  onOpen,
}: {
  account: Account;
  accountPicker: React.ReactNode;
  onOpen?: OpenDetail;
}) {
  const { t } = useTranslation();
  const flows = useQuery(queryOf("listFlows", account.id));
  const form = useForm<Values>({ mode: "controlled", initialValues: blank });
  const [fields, setFields] = useState<BlockField[]>([]);
  const typed = toInput(account.id, form.values, fields);
  const [settled] = useDebouncedValue(JSON.stringify(typed), CHECK_DELAY_MS);
  const check = useQuery({
    queryKey: ["checkSession", settled],
    queryFn: () => api.checkSession(JSON.parse(settled) as NewSessionInput),
  });
  const problems: FieldError[] = check.data ?? [];
  const problemOf = (field: string) => problems.find((p) => p.field === field)?.message;
  const create = useMutation({
    mutationFn: async () => {
      const [problem] = await api.checkSession(typed);
      if (problem) throw new AppError({ code: "INVALID_INPUT", message: problem.message, field: problem.field });
      return api.createSession(typed);
    },
  });
  useEffect(() => {
    const field = create.error ? toAppError(create.error).field : null;
    if (field) form.setFieldError(field, toAppError(create.error).message);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the error changes
  }, [create.error]);
  const firstFlow = flows.data?.[0];
  if (form.values.flowId === "" && firstFlow) form.setFieldValue("flowId", firstFlow.id);

  if (create.data) {
    return (
      <CreatedSessionCard
        created={create.data}
        onOpen={onOpen}
        onAnother={() => {
          create.reset();
          setFields([]);
          form.setValues({ ...blank, flowId: form.values.flowId });
        }}
      />
    );
  }
  const input = (name: keyof Values) => {
    const props = form.getInputProps(name);
    return { ...props, error: problemOf(name) ?? props.error };
  };
  const setField = (index: number, change: Partial<BlockField>) => setFields(fields.map((f, i) => (i === index ? { ...f, ...change } : f)));
  return (
    <form onSubmit={form.onSubmit(() => create.mutate())} noValidate>
      <Stack maw={960}>
        <Title order={2}>{t("session.createTitle")}</Title>
        <Group grow align="flex-end">
          {accountPicker}
          <Select
            label={t("session.flow")}
            data={(flows.data ?? []).map((f) => ({ value: f.id, label: f.name }))}
            allowDeselect={false}
            data-testid="session-flow"
            {...input("flowId")}
          />
        </Group>
        <ErrorAlert error={flows.error} />
        <Divider label="basicIdentity" labelPosition="left" />
        <SimpleGrid cols={3}>
          <TextInput label={t("session.givenName")} data-testid="session-given-name" autoComplete="off" {...input("givenName")} />
          <TextInput label={t("session.familyName")} data-testid="session-family-name" autoComplete="off" {...input("familyName")} />
          <TextInput
            label={t("session.birthDate")}
            placeholder="YYYY-MM-DD"
            data-testid="session-birth-date"
            autoComplete="off"
            {...input("birthDate")}
          />
        </SimpleGrid>
        <Divider label={t("session.otherBlocks")} labelPosition="left" />
        <Text size="sm" c="dimmed">
          {t("session.otherBlocksHint")}
        </Text>
        {fields.map((f, index) => (
          <Group key={index} grow align="flex-end">
            <TextInput
              label={t("session.blockType")}
              placeholder="documentData"
              value={f.block}
              onChange={(e) => setField(index, { block: e.currentTarget.value })}
            />
            <TextInput label={t("session.blockField")} value={f.key} onChange={(e) => setField(index, { key: e.currentTarget.value })} />
            <TextInput
              label={t("session.blockValue")}
              value={f.value}
              onChange={(e) => setField(index, { value: e.currentTarget.value })}
            />
            <ActionIcon
              variant="subtle"
              color="red"
              style={{ flexGrow: 0 }}
              aria-label={t("session.removeField")}
              onClick={() => setFields(fields.filter((_, i) => i !== index))}
            >
              ×
            </ActionIcon>
          </Group>
        ))}
        {problemOf("otherBlocks") && (
          <Text size="sm" c="red">
            {problemOf("otherBlocks")}
          </Text>
        )}
        <Button variant="default" w="fit-content" onClick={() => setFields([...fields, { block: "", key: "", value: "" }])}>
          {t("session.addField")}
        </Button>
        <Divider label={t("session.handOver")} labelPosition="left" />
        <SimpleGrid cols={2}>
          <TextInput
            label={t("session.subjectId")}
            description={t("session.subjectIdHint")}
            data-testid="session-subject-id"
            {...input("subjectId")}
          />
          <TextInput label={t("session.locale")} placeholder="de" {...input("locale")} />
          <TextInput label={t("session.redirectUrl")} placeholder="https://www.example-bank.de/done" {...input("redirectUrl")} />
          <TextInput label={t("session.state")} {...input("state")} />
        </SimpleGrid>
        <ErrorAlert error={create.error} />
        <Group>
          <Button type="submit" loading={create.isPending} data-testid="session-submit">
            {t("session.submit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function CreatedSessionCard({ created, onAnother, onOpen }: { created: CreatedSession; onAnother: () => void; onOpen?: OpenDetail }) {
  const { t } = useTranslation();
  const session = { accountId: created.accountId, transactionNumber: created.sessionId };
  return (
    <Stack maw={860} data-testid="session-created">
      <Title order={2}>{created.adopted ? t("session.adopted") : t("session.created")}</Title>
      <Card withBorder>
        <Group align="flex-start" wrap="nowrap" gap="xl">
          <Stack style={{ flex: 1 }}>
            <Text size="sm" c="dimmed">
              {t("session.sessionId")}
            </Text>
            <Text size="lg" fw={700} ff="monospace" data-testid="created-session-id">
              {created.sessionId}
            </Text>
            <CopyField label={t("session.subjectId")} value={created.subjectId} testId="created-subject-id" />
            {created.playerUrl && <CopyField label={t("session.playerUrl")} value={created.playerUrl} testId="player-url" link />}
          </Stack>
          {created.playerUrl && (
            <Stack align="center" gap="xs">
              <QRCodeSVG value={created.playerUrl} size={176} marginSize={2} role="img" aria-label={created.playerUrl} />
              <Text size="xs" c="dimmed" maw={176} ta="center">
                {t("session.qrHint")}
              </Text>
            </Stack>
          )}
        </Group>
      </Card>
      {!created.playerUrl && <Alert color="blue">{t("session.noPlayerUrl")}</Alert>}
      <Group>
        {onOpen && (
          <Button variant="default" onClick={() => onOpen(session)} data-testid="open-session">
            {t("create.openDetail")}
          </Button>
        )}
        <Button onClick={onAnother} data-testid="create-another-session">
          {t("session.another")}
        </Button>
      </Group>
    </Stack>
  );
}
