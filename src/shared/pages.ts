// Paging a counted list: how many pages, and which one to show when a button asks for one that has gone.

/** How many pages of `pageSize` hold `total` items; one (empty) page when there are none. */
export const pageCount = (total: number, pageSize: number): number =>
  Math.max(1, Math.ceil(total / pageSize));

/** The page to show: the one asked for, within the first and the last. */
export const pageIn = (total: number, page: number, pageSize: number): number =>
  Math.min(Math.max(0, page), pageCount(total, pageSize) - 1);
