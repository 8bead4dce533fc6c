// What the React + Mantine window shows, made up: the navigation's entries and the
// identifications — the page's first rows (written into its HTML when it is built, see
// vite.yardstick.config.ts) and the detail of the row clicked — from this module instead of
// a cache (nothing of IdentDesk is in that window).

/** The app's navigation entries. */
export const NAVIGATION = ["Overview", "Identifications", "Create", "Bulk import", "Accounts", "Team", "Audit trail"];

export interface Identification {
  identId: string;
  transactionNumber: string;
  firstname: string;
  lastname: string;
  result: string;
  account: string;
  createdAt: string;
}

const FIRSTNAMES = ["Erika", "Max", "Anna", "Lukas", "Sophie", "Jonas", "Lena", "Felix"];
const LASTNAMES = ["Mustermann", "Huber", "Gruber", "Meier", "Schmid", "Keller", "Weber", "Brunner"];
const RESULTS = ["SUCCESS", "SUCCESS_DATA_CHANGED", "FRAUD_SUSPICION_PENDING", "CANCELED"];

/** As many rows as the app serves in its first page. */
export const identifications: Identification[] = Array.from({ length: 30 }, (_, i) => ({
  identId: `TST-${(1000 + i).toString(36).toUpperCase()}${(7 * i + 3).toString(36).toUpperCase()}`,
  transactionNumber: `tx-2026-${String(100000 + i)}`,
  firstname: FIRSTNAMES[i % FIRSTNAMES.length] ?? "",
  lastname: LASTNAMES[(i * 3) % LASTNAMES.length] ?? "",
  result: RESULTS[i % RESULTS.length] ?? "",
  account: "Sandbox",
  createdAt: `2026-12-0${(i % 5) + 1} 09:${String(10 + i).padStart(2, "0")}`,
}));
