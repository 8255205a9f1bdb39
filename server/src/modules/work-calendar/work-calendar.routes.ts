import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NotFoundError } from '../../platform/errors.ts';
import { actorOf, runAction } from '../../platform/http.ts';
import { registerFieldLabels } from '../../platform/validation.ts';
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

  app.get(
    '/work-calendar/years',
    { config: { access: 'authenticated' }, schema: { tags, response: { 200: calendarYearListSchema } } },
    async () => {
      const rows = await findCalendarYears(db);
      return {
        data: rows.map((r) => ({ ...r, loadedAt: r.loadedAt.toISOString(), dayCount: Number(r.dayCount) })),
      };
    },
  );

  app.get(
    '/work-calendar/years/:year',
    {
      config: { access: 'authenticated' },
      schema: { tags, params: yearParam, response: { 200: z.object({ data: calendarYearSchema }) } },
    },
    async (request) => {
      const row = await getCalendarYear(db, request.params.year);
      if (!row) throw new NotFoundError(`尚未导入 ${request.params.year} 年的节假日安排`);
      return { data: { ...row, loadedAt: row.loadedAt.toISOString() } };
    },
  );

  app.put(
    '/work-calendar/years/:year',
    {
      config: { access: 'work_calendar.manage' },
      schema: {
        tags,
        params: yearParam,
        body: uploadCalendarBody,
        response: { 200: z.object({ data: calendarYearSchema }) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await runAction(request, (trx, audit) =>
        uploadCalendarYear(
          { trx, audit, userId: actor.user.id, now: clock.now() },
          request.params.year,
          request.body,
        ),
      );
      const row = (await getCalendarYear(db, request.params.year))!;
      return { data: { ...row, loadedAt: row.loadedAt.toISOString() } };
    },
  );

  app.get(
    '/work-calendar/add-working-days',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        querystring: workingDaysQuery,
        response: { 200: z.object({ data: z.object({ date: z.string(), calendarLoaded: z.boolean() }) }) },
      },
    },
    async (request) => {
      const { from, days } = request.query;
      const years = yearsOf(from, `${Number(from.slice(0, 4)) + 2}-12-31`);
      const calendar = await loadWorkCalendar(db, years);
      const date = addWorkingDays(calendar, from, days);
      const calendarLoaded = yearsOf(from, date).every((y) => calendar.loadedYears.has(y));
      return { data: { date, calendarLoaded } };
    },
  );
};
