// The captured fields of a result: each with its status, CHANGE shown as old → new; an
// unknown status is shown as IDnow sent it.
import { Badge, Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { FieldView, KeyValue, LeafStatus } from "../platform";
import { leafStatusWords } from "../codes";

const STATUS_COLORS: Record<LeafStatus, string> = {
  MATCH: "green",
  CHANGE: "orange",
  NEW: "blue",
  REDACTION: "gray",
  ORIGINAL: "gray",
  OTHER: "grape",
};

export function ResultFields({ fields, testId }: { fields: FieldView[]; testId: string }) {
  const { t } = useTranslation();
  return (
    <Table data-testid={testId} striped>
      <Table.Tbody>
        {fields.map((field) => (
          <Table.Tr key={field.name} data-testid={`field-${field.name}`} data-status={field.status?.raw ?? ""}>
            <Table.Td w={170}>{t(`fields.${field.name}`, { defaultValue: field.name })}</Table.Td>
            <Table.Td w={120}>
              {field.status && (
                <Badge variant="light" color={STATUS_COLORS[field.status.code]}>
                  {leafStatusWords(t, field.status)}
                </Badge>
              )}
            </Table.Td>
            <Table.Td>
              {field.status?.code === "CHANGE" && field.original != null ? (
                <Text span>
                  <Text span td="line-through" c="dimmed" data-testid="old-value">
                    {field.original}
                  </Text>
                  {" → "}
                  <Text span fw={600} data-testid="new-value">
                    {field.value}
                  </Text>
                </Text>
              ) : field.status?.code === "REDACTION" ? (
                <Text span c="dimmed">
                  {t("detail.redacted")}
                </Text>
              ) : (
                <Text span>{field.value ?? field.original ?? ""}</Text>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function KeyValues({ pairs, testId }: { pairs: KeyValue[]; testId: string }) {
  const { t } = useTranslation();
  if (pairs.length === 0)
    return (
      <Text c="dimmed" size="sm">
        —
      </Text>
    );
  return (
    <Table data-testid={testId}>
      <Table.Tbody>
        {pairs.map((pair) => (
          <Table.Tr key={pair.key}>
            <Table.Td w={170}>{t(`fields.${pair.key}`, { defaultValue: pair.key })}</Table.Td>
            <Table.Td>{pair.value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
