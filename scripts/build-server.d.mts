/** Compile server/src to server/dist (see build-server.mjs). */
export function buildServer(): Promise<{ files: number; ms: number }>;
/** True when server/dist is missing or older than a source file. */
export function serverBuildStale(): boolean;
export const SERVER_SRC: string;
export const SERVER_DIST: string;
/** Build server/dist unless current (one builder at a time across processes); null when it was current. */
export function ensureServerBuilt(): Promise<{ files: number; ms: number } | null>;
