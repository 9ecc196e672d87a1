/**
 * Page arguments of lists that can grow (`first`, `after`): every subgraph enforces the same
 * largest page, and batches the parents that ask for the same page into one keyset query.
 */
import DataLoader from 'dataloader';
import { badInput } from './errors';

/** The largest page any list serves. The gateway's cost estimate assumes it (QUERY_COST_MAX_PAGE_SIZE). */
export const MAX_PAGE_SIZE = 100;

export interface Page {
  first: number;
  /** The cursor after which the page starts; null for the first page. */
  after: string | null;
}

/** Validates `first` (1 … MAX_PAGE_SIZE; null or absent means `defaultFirst`) and passes `after` on. */
export function pageOf(args: { first?: number | null; after?: string | null }, defaultFirst: number): Page {
  const first = args.first ?? defaultFirst;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badInput(`first must be between 1 and ${MAX_PAGE_SIZE} (the largest page); got ${first}. Ask for the next page with after.`, 'first');
  }
  return { first, after: args.after ?? null };
}

/** The refusal of a cursor that names nothing in the list. */
export const badCursor = (what: string) =>
  badInput(`after must be the ${what} of an item of the previous page; pass the last one you received.`, 'after');

export const isUuid = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

/** A request's loaders for one paged list: parents asking for the same page (and filters) share one batched query. */
export interface PagedLoader<T, A extends Page = Page> {
  load(parentId: string, args: A): Promise<T[]>;
  clearAll(): void;
}

export function pagedLoader<T, A extends Page = Page>(loadPages: (parentIds: readonly string[], args: A) => Promise<T[][]>): PagedLoader<T, A> {
  const byArgs = new Map<string, DataLoader<string, T[]>>();
  return {
    load(parentId, args) {
      const key = JSON.stringify(args);
      let loader = byArgs.get(key);
      if (!loader) byArgs.set(key, (loader = new DataLoader((ids: readonly string[]) => loadPages(ids, args))));
      return loader.load(parentId);
    },
    clearAll() {
      byArgs.clear();
    },
  };
}
