import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';

/**
 * Benchmark-only routes (registered only with JICENG_BENCH_ROUTES=1, see modules/index.ts).
 * They give `npm run bench` the comparison points the issue asks for: one indexed query through
 * the same pool and the same session check as the member list, and a bare JSON ceiling.
 */
export const benchRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const tags = ['bench'];

  app.get(
    '/bench/static',
    {
      config: { access: 'public' },
      schema: { tags, response: { 200: z.object({ ok: z.boolean(), n: z.number() }) } },
    },
    async () => ({ ok: true, n: 1 }),
  );

  app.get(
    '/bench/one-query',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        querystring: z.object({ id: z.coerce.number().int().positive() }),
        response: { 200: z.object({ id: z.number().nullable(), path: z.string().nullable() }) },
      },
    },
    async (request) => {
      const row = await sql<{ id: number; path: string }>`
        select id, path from orgs where id = ${request.query.id}`.execute(db);
      return { id: row.rows[0]?.id ?? null, path: row.rows[0]?.path ?? null };
    },
  );
};
