// The list's pages as TanStack queries: one definition for the screen and for the prefetch
// that boot.tsx starts before the first render (so start-up waits on one round trip, not two).
import type { ListQuery, SortKey } from "../platform";
import { queryOf } from "../platform";

export const PAGE = 200;

/** What the list shows when the window opens: everything, newest first. */
export const INITIAL_QUERY = {
  accountId: null,
  stage: null,
  result: null,
  search: null,
  from: null,
  to: null,
  sort: "created" as SortKey,
  descending: true,
  offset: 0,
  limit: PAGE,
  waitingForMe: false,
} satisfies ListQuery;

/** The query options of page `page` (0-based) of `query`. */
export function pageQuery(query: ListQuery, page: number) {
  return queryOf("listIdentifications", { ...query, offset: page * PAGE, limit: PAGE });
}
