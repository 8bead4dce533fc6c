// Settings → Team: join a team workspace (server, name, password; a new password when the
// administrator gave a one-time one; a CA file for a server with its own), see where this
// folder stands — roles, the trail's witness, grants beyond the plan, the accounts' mapping
// — and leave. The password goes to the OS keychain and is never shown again. Keys: this
// computer's signing key and every colleague's, with the fingerprints two officers compare
// (in person or by phone) before one vouches for the other's key; a decision counts only
// with vouched keys. Signatures the trail check could not verify are shown in red.
import { useEffect, useState } from "react";
import { Alert, Badge, Button, Card, Group, List, PasswordInput, SimpleGrid, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, chooseFile, queryOf, toAppError, type FileHandle, type TeamKey, type TeamStatus } from "../platform";
import { CopyField } from "../components/CopyField";
import { ErrorAlert } from "../components/ErrorAlert";

interface JoinValues {
  server: string;
  officer: string;
  password: string;
  newPassword: string;
}

/** Where the core names a field the form calls differently. */
const FORM_FIELDS: Record<string, string> = { url: "server", name: "officer" };

export function TeamScreen() {
  const { t } = useTranslation();
  const status = useQuery(queryOf("teamStatus"));
  return (
    <Stack maw={960}>
      <Title order={2}>{t("team.title")}</Title>
      <ErrorAlert error={status.error} />
      {status.data && (status.data.joined ? <Joined status={status.data} /> : <JoinForm />)}
    </Stack>
  );
}

function JoinForm() {
  const { t } = useTranslation();
  const form = useForm<JoinValues>({
    mode: "controlled",
    initialValues: { server: "", officer: "", password: "", newPassword: "" },
  });
  const join = useMutation({
    mutationFn: (values: JoinValues) =>
      api.joinTeam({
        server: values.server,
        officer: values.officer,
        password: values.password,
        newPassword: values.newPassword || null,
        caFile: caFile?.id ?? null,
      }),
    // The passwords are in the keychain now; they must not linger in the window.
    onSuccess: () => form.reset(),
  });
  useEffect(() => {
    const error = join.error ? toAppError(join.error) : null;
    if (error?.field) form.setFieldError(FORM_FIELDS[error.field] ?? error.field, error.message);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the error changes
  }, [join.error]);
  // Asked for once the server says the password is a one-time one.
  const needsNewPassword = form.values.newPassword !== "" || (join.error != null && toAppError(join.error).field === "newPassword");
  const [caFile, setCaFile] = useState<FileHandle | null>(null);
  const chooseCa = async () => setCaFile(await chooseFile("pem"));
  // A new officer: the line for the administrator, with the verifier of the password typed
  // here (the password itself stays in this window and goes to the keychain only at join).
  const request = useMutation({
    mutationFn: (values: JoinValues) => api.requestTeamAccess(values.server, values.officer, values.password),
  });
  return (
    <Card withBorder>
      <form onSubmit={form.onSubmit((values) => join.mutate(values))} noValidate>
        <Stack>
          <Text size="sm">{t("team.solo")}</Text>
          <SimpleGrid cols={2}>
            <TextInput
              label={t("team.server")}
              placeholder="db.bank.example:5432/identdesk"
              data-testid="team-server"
              {...form.getInputProps("server")}
            />
            <TextInput label={t("team.officer")} data-testid="team-officer" {...form.getInputProps("officer")} />
            <PasswordInput label={t("team.password")} autoComplete="off" data-testid="team-password" {...form.getInputProps("password")} />
            {needsNewPassword && (
              <PasswordInput
                label={t("team.newPassword")}
                description={t("team.newPasswordHint")}
                autoComplete="new-password"
                data-testid="team-new-password"
                {...form.getInputProps("newPassword")}
              />
            )}
          </SimpleGrid>
          <Group align="flex-end">
            <TextInput
              label={t("team.caFile")}
              description={t("team.caFileHint")}
              w={420}
              readOnly
              value={caFile?.name ?? ""}
              error={form.errors.caFile}
            />
            <Button variant="default" onClick={() => void chooseCa()}>
              {t("esign.choose")}
            </Button>
          </Group>
          <ErrorAlert error={join.error ?? request.error} />
          {request.data && (
            <Alert color="blue" title={t("team.accessRequest")} data-testid="team-access-request">
              <Text size="sm" mb="xs">
                {t("team.accessRequestHint")}
              </Text>
              <CopyField label={t("team.accessLine")} value={request.data} testId="team-access-line" />
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={join.isPending} w="fit-content" data-testid="team-join">
              {t("team.join")}
            </Button>
            <Button
              variant="default"
              onClick={() => request.mutate(form.values)}
              loading={request.isPending}
              data-testid="team-request-access"
            >
              {t("team.requestAccess")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function Joined({ status }: { status: TeamStatus }) {
  const { t } = useTranslation();
  const leave = useMutation({ mutationFn: api.leaveTeam });
  const register = useMutation({ mutationFn: api.registerTeamAccount });
  const [confirmLeave, setConfirmLeave] = useState(false);
  const admin = status.roles.includes("admin");
  return (
    <Stack data-testid="team-joined">
      <Card withBorder>
        <Stack gap="xs">
          <Group>
            <Text fw={600} data-testid="team-signed-in">
              {t("team.signedIn", { officer: status.officer, url: status.url })}
            </Text>
            {status.roles.map((role) => (
              <Badge key={role} variant="light">
                {t(`team.roles.${role}`, { defaultValue: role })}
              </Badge>
            ))}
          </Group>
          <Text size="sm" c="dimmed">
            {status.protection}
          </Text>
          {!status.reachable && (
            <Alert color="orange" data-testid="team-unreachable">
              {t("team.unreachable", { problem: status.problem ?? "" })}
            </Alert>
          )}
          {status.trail &&
            (status.trail.intact ? (
              <Text size="sm" c="green" data-testid="team-trail">
                {t("team.trailIntact", { count: status.trail.entries })}
              </Text>
            ) : (
              <Alert color="red" title={t("team.trailBroken")} data-testid="team-trail">
                {status.trail.problem}
              </Alert>
            ))}
          {status.trail && status.trail.signatures.length > 0 && (
            <Alert color="red" title={t("team.notSigned")} data-testid="team-not-signed">
              <List size="sm">
                {status.trail.signatures.map((finding) => (
                  <List.Item key={finding}>{finding}</List.Item>
                ))}
              </List>
            </Alert>
          )}
          {status.trail && status.trail.keyWarnings.length > 0 && (
            <Alert color="orange" title={t("team.keyWarnings")} data-testid="team-key-warnings">
              <List size="sm">
                {status.trail.keyWarnings.map((warning) => (
                  <List.Item key={warning}>{warning}</List.Item>
                ))}
              </List>
            </Alert>
          )}
          {status.trailHolder && (
            <Text size="sm" c="orange" data-testid="team-trail-holder">
              {t("team.trailHolder", { holder: status.trailHolder })}
            </Text>
          )}
          {status.trailWaiting > 0 && (
            <Text size="sm" c="orange">
              {t("team.trailWaiting", { count: status.trailWaiting })}
            </Text>
          )}
          {status.reachable &&
            (status.beyondPlan.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t("team.grantsAsPlanned")}
              </Text>
            ) : (
              <Alert color="red" title={t("team.beyondPlan")} data-testid="team-beyond-plan">
                <List size="sm">
                  {status.beyondPlan.map((finding) => (
                    <List.Item key={finding}>{finding}</List.Item>
                  ))}
                </List>
              </Alert>
            ))}
        </Stack>
      </Card>
      {status.reachable && <Keys officerRole={status.roles.includes("officer")} />}
      {status.accounts.length > 0 && (
        <Table data-testid="team-accounts">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("team.localAccount")}</Table.Th>
              <Table.Th>{t("team.teamAccount")}</Table.Th>
              <Table.Th>{t("accounts.retention")}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {status.accounts.map((account) => (
              <Table.Tr key={account.accountId}>
                <Table.Td>{account.accountName}</Table.Td>
                <Table.Td>{account.teamName ?? <Text c="dimmed">{t("team.localOnly")}</Text>}</Table.Td>
                <Table.Td>{account.retentionDays != null ? `${account.retentionDays} ${t("accounts.days")}` : "—"}</Table.Td>
                <Table.Td>
                  {account.teamName == null && admin && (
                    <Button size="xs" variant="light" onClick={() => register.mutate(account.accountId)} loading={register.isPending}>
                      {t("team.register")}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <ErrorAlert error={leave.error ?? register.error} />
      <Group>
        {confirmLeave ? (
          <>
            <Text size="sm">{t("team.leaveConfirm")}</Text>
            <Button color="red" onClick={() => leave.mutate()} loading={leave.isPending} data-testid="team-leave-confirm">
              {t("team.leave")}
            </Button>
            <Button variant="default" onClick={() => setConfirmLeave(false)}>
              {t("team.stay")}
            </Button>
          </>
        ) : (
          <Button variant="default" color="red" onClick={() => setConfirmLeave(true)} data-testid="team-leave">
            {t("team.leave")}
          </Button>
        )}
      </Group>
    </Stack>
  );
}

/** This computer's key and the colleagues' keys: compare fingerprints, then vouch. */
function Keys({ officerRole }: { officerRole: boolean }) {
  const { t } = useTranslation();
  const keys = useQuery(queryOf("teamKeys"));
  const vouch = useMutation({ mutationFn: (key: TeamKey) => api.vouchTeamKey(key.officer, key.fingerprint) });
  if (!keys.data) return <ErrorAlert error={keys.error} />;
  return (
    <Card withBorder data-testid="team-keys">
      <Stack gap="xs">
        <Text fw={600}>{t("team.keys")}</Text>
        <Text size="sm" c="dimmed">
          {t("team.keysHint")}
        </Text>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("team.officer")}</Table.Th>
              <Table.Th>{t("team.fingerprint")}</Table.Th>
              <Table.Th>{t("team.keyState")}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {keys.data.map((key) => (
              <Table.Tr key={key.keyId} data-testid="team-key" data-officer={key.officer} data-mine={key.mine}>
                <Table.Td>
                  {key.officer}
                  {key.mine && (
                    <Badge ml="xs" variant="light">
                      {t("team.thisComputer")}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td ff="monospace" data-testid="team-key-fingerprint">
                  {key.fingerprint}
                </Table.Td>
                <Table.Td data-testid="team-key-state">
                  {key.revoked
                    ? t("team.keyRevoked")
                    : key.vouchedBy
                      ? t("team.keyVouched", { officer: key.vouchedBy })
                      : t("team.keyUnvouched")}
                </Table.Td>
                <Table.Td>
                  {officerRole && !key.mine && !key.revoked && (
                    <Button size="xs" variant="light" onClick={() => vouch.mutate(key)} loading={vouch.isPending} data-testid="team-vouch">
                      {t("team.vouch", { officer: key.officer })}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <ErrorAlert error={vouch.error} />
      </Stack>
    </Card>
  );
}
