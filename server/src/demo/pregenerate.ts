import { Worker } from 'node:worker_threads';
import type { GeneratorBranch } from './demo-members.ts';

/**
 * Start-up hands the demo members' generation (random people, three encrypted fields each: about
 * a second of JavaScript for 30,000) to a worker thread that starts before the code has even
 * loaded, so it runs on the second core while the main thread opens and fills the embedded
 * database. The members seed then only COPYs the CSV it receives, and only if everything the
 * rows depend on matches: count, seed, batch size, clock, key (a blind-index probe) and the
 * branches the database actually numbered. Otherwise the rows are generated in-process as always.
 * This file stays light (no database code): main.ts imports it before the rest.
 */
export const PREGENERATE_PROBE = 'jiceng:demo-members:pregenerated';

/** The seed of the demo district (every module's seedDemo gets it). */
export const DEMO_SEED = 20260701;
/** Members per COPY batch of the demo members seed. */
export const DEMO_MEMBER_BATCH = 5000;

/**
 * JICENG_DEMO_MEMBERS as the members module reads it (demoMemberCount): read here too so that
 * main.ts need not load that module first. A disagreement only means no pregeneration.
 */
export function demoMembersWanted(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number.parseInt(env.JICENG_DEMO_MEMBERS ?? '', 10);
  return Number.isFinite(n) && n >= 0 ? n : 30_000;
}

export interface PregenerateSpec {
  count: number;
  seed: number;
  batchSize: number;
  nowMs: number;
}

type Header = { probe: string; branches: GeneratorBranch[] };
type Chunk = { csv: string; rows: number };
type Message = Header | Chunk | { done: true };

class Pregeneration {
  private readonly chunks: Chunk[] = [];
  private finished = false;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;
  readonly header: Promise<Header | undefined>;

  constructor(
    readonly spec: PregenerateSpec,
    private readonly worker: Worker,
  ) {
    let gotHeader: (h: Header | undefined) => void = () => {};
    this.header = new Promise((resolve) => {
      gotHeader = resolve;
    });
    worker.on('message', (message: Message) => {
      if ('probe' in message) gotHeader(message);
      else if ('csv' in message) this.chunks.push(message);
      else this.finished = true;
      this.notify();
    });
    const fail = (error: Error) => {
      if (this.finished) return;
      this.failure ??= error;
      gotHeader(undefined);
      this.notify();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`演示党员生成线程异常退出（${code}）`)));
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  async *drain(): AsyncGenerator<Chunk> {
    for (;;) {
      const chunk = this.chunks.shift();
      if (chunk) {
        yield chunk;
        continue;
      }
      if (this.failure) throw this.failure;
      if (this.finished) return;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  cancel(): void {
    this.finished = true;
    void this.worker.terminate();
  }
}

let pending: Pregeneration | undefined;
let outcome: 'used' | 'not matching' | undefined;

/** What became of the last pregeneration offered to the members seed (for tests). */
export function pregenerationOutcome(): typeof outcome {
  return outcome;
}

/** Generate the demo members in a worker thread (for a fresh embedded data directory). */
export function startMemberPregeneration(secret: Buffer, spec: PregenerateSpec): void {
  cancelMemberPregeneration();
  outcome = undefined;
  const worker = new Worker(new URL('./members-worker.mjs', import.meta.url), {
    workerData: { secret: new Uint8Array(secret), spec },
  });
  worker.unref();
  pending = new Pregeneration(spec, worker);
}

/** Stop an unused pregeneration (the database was not empty, or the demo was not built). */
export function cancelMemberPregeneration(): void {
  pending?.cancel();
  pending = undefined;
}

/**
 * The pregenerated CSV batches, if they were made for exactly this request (see the top of the
 * file); otherwise undefined, and the worker is stopped. One use only.
 */
export async function takePregeneratedMembers(
  want: PregenerateSpec & { probe: string; branches: readonly GeneratorBranch[] },
): Promise<AsyncGenerator<Chunk> | undefined> {
  const candidate = pending;
  pending = undefined;
  if (!candidate) return undefined;
  const { spec } = candidate;
  const header = await candidate.header;
  const matches =
    header !== undefined &&
    spec.count === want.count &&
    spec.seed === want.seed &&
    spec.batchSize === want.batchSize &&
    spec.nowMs === want.nowMs &&
    header.probe === want.probe &&
    header.branches.length === want.branches.length &&
    header.branches.every((b, i) => {
      const actual = want.branches[i]!;
      return b.id === actual.id && b.level === actual.level && b.unitType === actual.unitType;
    });
  outcome = matches ? 'used' : 'not matching';
  if (!matches) {
    candidate.cancel();
    return undefined;
  }
  return candidate.drain();
}
