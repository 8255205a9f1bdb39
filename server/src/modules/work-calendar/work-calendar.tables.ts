import type { ColumnType } from 'kysely';

export interface WorkCalendarYearsTable {
  year: number;
  source: string;
  loadedAt: ColumnType<Date, Date | undefined, Date>;
  loadedBy: number | null;
}

export interface WorkCalendarDaysTable {
  day: string;
  year: number;
  isWorkday: boolean;
  name: string;
}

export interface WorkCalendarTables {
  workCalendarYears: WorkCalendarYearsTable;
  workCalendarDays: WorkCalendarDaysTable;
}
