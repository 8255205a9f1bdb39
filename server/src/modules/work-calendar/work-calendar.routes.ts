import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NotFoundError } from '../../platform/errors.ts';
import { runAction } from '../../platform/http.ts';
import { mountGet } from '../../platform/reads.ts';
import { registerFieldLabels } from '../../platform/validation.ts';
import { mountWrite } from '../../platform/writes.ts';
import { addWorkingDays, yearsOf } from './calendar.ts';
import {
  calendarYearListSchema,
  calendarYearSchema,
  uploadCalendarBody,
  workingDaysQuery,
  yearParam,
} from './work-calendar.contract.ts';
import { findCalendarYears, getCalendarYear, loadWorkCalendar } from './work-calendar.queries.ts';
import { uploadCalendarYear } from './work-calendar.service.ts';

registerFieldLabels({ year: '年份', days: '日期清单', date: '日期', isWorkday: '是否上班', source: '依据' });

const tags = ['work-calendar'];

export const workCalendarRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, clock } = app.deps;

  mountGet(
    app,
    '/work-calendar/years',
    { access: 'authenticated', tags, response: calendarYearListSchema },
    async () => {
      const rows = await findCalendarYears(db);
      return {
        data: rows.map((r) => ({ ...r, loadedAt: r.loadedAt.toISOString(), dayCount: Number(r.dayCount) })),
      };
    },
  );

  mountGet(
    app,
    '/work-calendar/years/:year',
    { access: 'authenticated', tags, params: yearParam, response: z.object({ data: calendarYearSchema }) },
    async ({ params }) => {
      const row = await getCalendarYear(db, params.year);
      if (!row) throw new NotFoundError(`尚未导入 ${params.year} 年的节假日安排`);
      return { data: { ...row, loadedAt: row.loadedAt.toISOString() } };
    },
  );

  mountWrite(
    app,
    'PUT',
    '/work-calendar/years/:year',
    {
      access: 'work_calendar.manage',
      tags,
      params: yearParam,
      body: uploadCalendarBody,
      response: { 200: z.object({ data: calendarYearSchema }) },
    },
    async ({ actor, params, body, request }) => {
      await runAction(request, (trx, audit) =>
        uploadCalendarYear({ trx, audit, userId: actor.user.id, now: clock.now() }, params.year, body),
      );
      const row = (await getCalendarYear(db, params.year))!;
      return { data: { ...row, loadedAt: row.loadedAt.toISOString() } };
    },
  );

  mountGet(
    app,
    '/work-calendar/add-working-days',
    {
      access: 'authenticated',
      tags,
      query: workingDaysQuery,
      response: z.object({ data: z.object({ date: z.string(), calendarLoaded: z.boolean() }) }),
    },
    async ({ query }) => {
      const { from, days } = query;
      const years = yearsOf(from, `${Number(from.slice(0, 4)) + 2}-12-31`);
      const calendar = await loadWorkCalendar(db, years);
      const date = addWorkingDays(calendar, from, days);
      const calendarLoaded = yearsOf(from, date).every((y) => calendar.loadedYears.has(y));
      return { data: { date, calendarLoaded } };
    },
  );
};
