// What the overview hands to the list when a chart's part is clicked: the filter to open.
import type { Outcome, WaitingAge } from "../../platform";

export type ListFilter = {
  accountId?: string | null;
  outcome?: Outcome;
  waitingAge?: WaitingAge;
  reason?: string;
  from?: string;
  to?: string;
};

export type OpenList = (filter: ListFilter) => void;
