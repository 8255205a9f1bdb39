/**
 * The database type: the union of every module's tables (atproto pattern). The platform names no
 * module: the composition root (modules/index.ts) extends this interface with each module's
 * tables type (declaration merging), so `Kysely<DB>` knows every table.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the composition root (declaration merging)
export interface DB {}
