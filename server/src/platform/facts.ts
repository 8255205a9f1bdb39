/**
 * One fact a module contributes to the assessment (assessment's fact sources): a record of an
 * organization in the subtree, on a day, with its label and amount (hours, points, 1 for "held").
 * A module's fact query selects these columns (`sql<FactRow>`) and adds `ok` and its `link`.
 */
export interface FactRow {
  orgPath: string;
  recordId: number;
  /** The day the fact counts on (YYYY-MM-DD). */
  on: string;
  label: string;
  amount: number;
}
