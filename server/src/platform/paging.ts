import { z } from 'zod';

/**
 * The one paging convention of the API: `?page=1&pageSize=20` in, `{ data: [...], page: { page,
 * pageSize, total } }` out. Pages count from 1; `total` counts every row that matches the filters.
 */
export interface PageParams {
  page: number;
  pageSize: number;
}

/** The querystring fields, for a list whose page holds `defaultSize` rows unless asked otherwise. */
export function pageQueryOf(defaultSize: number) {
  return z.object({
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(defaultSize),
  });
}

export const pageQuery = pageQueryOf(20);

export const pageInfo = z.object({ page: z.number(), pageSize: z.number(), total: z.number() });

/** The response schema of a paged list of `item`. */
export function pagedResponse<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), page: pageInfo });
}

interface Pageable<QB> {
  limit(limit: number): Pageable<QB> & QB;
  offset(offset: number): QB;
}

/** `.$call(inPage(query))` on a Kysely select: only the rows of the requested page. */
export function inPage({ page, pageSize }: PageParams) {
  return <QB extends Pageable<QB>>(qb: QB): QB => qb.limit(pageSize).offset((page - 1) * pageSize);
}

/** The `page` part of a paged response. */
export function pageInfoOf(
  { page, pageSize }: PageParams,
  total: number | bigint | string,
): z.infer<typeof pageInfo> {
  return { page, pageSize, total: Number(total) };
}
