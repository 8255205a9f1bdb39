import { z } from 'zod';
import { defineEndpoints, get, put } from '../../platform/endpoints.contract.ts';
import { isoDate } from '../../platform/validation.ts';

export const calendarDaySchema = z.object({
  date: isoDate,
  isWorkday: z.boolean(),
  name: z.string().trim().min(1).max(40),
});

export const calendarYearSchema = z.object({
  year: z.number(),
  source: z.string(),
  loadedAt: z.string(),
  days: z.array(calendarDaySchema),
});

export const calendarYearListSchema = z.object({
  data: z.array(
    z.object({ year: z.number(), source: z.string(), loadedAt: z.string(), dayCount: z.number() }),
  ),
});

export const yearParam = z.object({ year: z.coerce.number().int().min(2000).max(2100) });

/** The same shape as the shipped data files (data/cn-2026.json); `year`, if given, must match the URL. */
export const uploadCalendarBody = z
  .object({
    year: z.number().int().min(2000).max(2100).optional(),
    source: z.string().trim().min(4).max(300),
    days: z.array(calendarDaySchema.strict()).min(1).max(366),
  })
  .strict();
export type UploadCalendarBody = z.infer<typeof uploadCalendarBody>;

export const workingDaysQuery = z.object({
  from: isoDate,
  days: z.coerce.number().int().min(0).max(365),
});

const yearAnswer = z.object({ data: calendarYearSchema });

/** The work-calendar endpoints, by the names the web client uses (`createClient`). */
export const workCalendarEndpoints = defineEndpoints({
  years: get('/work-calendar/years', { response: calendarYearListSchema }),
  year: get('/work-calendar/years/:year', { response: yearAnswer }),
  upload: put('/work-calendar/years/:year', { body: uploadCalendarBody, response: yearAnswer }),
});
