// Where the window is: one screen of the navigation, or one identification's detail.
import type { IdentificationRef } from "./platform";

export type Screen = "overview" | "identifications" | "create" | "bulk" | "accounts" | "team" | "audit";

/** Opens an identification's detail. */
export type OpenDetail = (identification: IdentificationRef) => void;

/** The identification a first row served with the page points to (`#open=<account>/<txn>`,
 *  see crates/core/src/window/first_rows.rs), if one was clicked. */
export function openedInAddress(): IdentificationRef | null {
  const [, account, transaction] = /^#open=([^/]+)\/(.+)$/.exec(window.location.hash) ?? [];
  if (account === undefined || transaction === undefined) return null;
  try {
    return { accountId: decodeURIComponent(account), transactionNumber: decodeURIComponent(transaction) };
  } catch {
    return null;
  }
}

/** The same, once: the address is cleared as it is read. */
export function takeOpenedFromAddress(): IdentificationRef | null {
  const opened = openedInAddress();
  if (window.location.hash) window.history.replaceState(null, "", window.location.pathname + window.location.search);
  return opened;
}
