// Checks run as the officer types. They mirror the Rust checks in crates/idnow
// (validation.rs, transaction_number.rs), which stay the judge when the form is sent.

export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export function isEmail(value: string): boolean {
  const at = value.indexOf("@");
  if (at <= 0 || value.indexOf("@", at + 1) !== -1 || /\s/.test(value)) return false;
  const domain = value.slice(at + 1);
  return domain.includes(".") && !domain.startsWith(".") && !domain.endsWith(".");
}

export function isTransactionNumber(value: string): boolean {
  return value.length >= 1 && value.length <= 255 && /^[A-Za-z0-9_-]+$/.test(value);
}

/** A fresh UUID v4, the transaction number form IDnow recommends. */
export function newTransactionNumber(): string {
  return crypto.randomUUID();
}
