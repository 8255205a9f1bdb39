import { defineModule } from '../../platform/module.ts';
import { benchRoutes } from './bench.routes.ts';

/** Benchmark comparison routes; no tables. Only in the module list when JICENG_BENCH_ROUTES=1. */
export const benchModule = defineModule({ name: 'bench', migrations: {}, routes: benchRoutes });
