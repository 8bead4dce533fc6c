// The yardstick window's detail: the shape of the app's (src/screens/DetailScreen.tsx) —
// title and status, the result explained, and six cards of fields, timeline and panels —
// drawn from the made-up row alone, with no queries, words or actions behind it.
import { Alert, Badge, Button, Card, Group, SimpleGrid, Stack, Table, Text, Timeline, Title } from "@mantine/core";
import type { ReactNode } from "react";
import type { Identification } from "./content";

const fieldsOf = (row: Identification): [string, string][] => [
  ["First name", row.firstname],
  ["Last name", row.lastname],
  ["Birthday", "1964-08-12"],
  ["Birthplace", "Berlin"],
  ["Nationality", "DE"],
  ["Street", "Heidestraße 17"],
  ["Zip code", "51147"],
  ["City", "Köln"],
  ["Country", "DE"],
];

function Fields({ pairs }: { pairs: [string, string][] }) {
  return (
    <Table>
      <Table.Tbody>
        {pairs.map(([key, value]) => (
          <Table.Tr key={key}>
            <Table.Td c="dimmed">{key}</Table.Td>
            <Table.Td>{value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card withBorder>
      <Title order={4} mb="xs">
        {title}
      </Title>
      {children}
    </Card>
  );
}

export function Detail({ identification: row, onBack }: { identification: Identification; onBack: () => void }) {
  return (
    <Stack data-testid="detail">
      <Group justify="space-between">
        <Group>
          <Button variant="subtle" onClick={onBack}>
            ← Back
          </Button>
          <Title order={2} ff="monospace">
            {row.identId}
          </Title>
          <Badge color="green">{row.result}</Badge>
        </Group>
        <Group>
          <Button variant="default">Export PDF</Button>
          <Button color="red" variant="light">
            Delete at IDnow
          </Button>
        </Group>
      </Group>
      <Text size="sm" c="dimmed" ff="monospace">
        {row.transactionNumber} · {row.account}
      </Text>
      <Alert color="blue" title={row.result}>
        The identification was completed; IDnow may still change its result.
      </Alert>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Section title="Person">
          <Fields pairs={fieldsOf(row)} />
        </Section>
        <Section title="Identity document">
          <Fields
            pairs={[
              ["Type", "IDCARD"],
              ["Number", "T22000129"],
              ["Issued by", "DE"],
              ["Valid until", "2031-03-01"],
            ]}
          />
          <Title order={5} mt="md">
            Contact
          </Title>
          <Fields pairs={[["Email", "officer@example.org"]]} />
        </Section>
        <Section title="Timeline">
          <Timeline active={2} bulletSize={14}>
            <Timeline.Item title="Created">{row.createdAt}</Timeline.Item>
            <Timeline.Item title="Started">{row.createdAt}</Timeline.Item>
            <Timeline.Item title={row.result}>{row.createdAt}</Timeline.Item>
          </Timeline>
        </Section>
        <Section title="Four-eyes acceptance">
          <Text size="sm">Not decided yet.</Text>
          <Button mt="sm" variant="light">
            Propose
          </Button>
        </Section>
        <Section title="eSign documents">
          <Text c="dimmed" size="sm">
            —
          </Text>
        </Section>
        <Section title="Archive">
          <Text c="dimmed" size="sm">
            —
          </Text>
        </Section>
      </SimpleGrid>
    </Stack>
  );
}
