// The yardstick window's list: the first rows as a Mantine table; a click opens a row.
import { Badge, Stack, Table, Title } from "@mantine/core";
import { identifications } from "./content";

export function List() {
  return (
    <Stack>
      <Title order={2}>Identifications</Title>
      <Table highlightOnHover>
        <Table.Tbody>
          {identifications.map((row, index) => (
            <Table.Tr key={row.identId} data-testid="identification-row" onClick={() => (window.location.hash = `open=${index}`)}>
              <Table.Td ff="monospace">{row.identId}</Table.Td>
              <Table.Td>
                {row.firstname} {row.lastname}
              </Table.Td>
              <Table.Td>
                <Badge color="green">{row.result}</Badge>
              </Table.Td>
              <Table.Td ff="monospace">{row.transactionNumber}</Table.Td>
              <Table.Td>{row.account}</Table.Td>
              <Table.Td>{row.createdAt}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
