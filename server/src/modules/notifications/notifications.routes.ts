import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { noStore, runAction } from '../../platform/http.ts';
import { mountGet } from '../../platform/reads.ts';
import { mountWrite } from '../../platform/writes.ts';
import { markReadBody, markReadResponse, todosResponse } from './notifications.contract.ts';
import { markRead, todosOf } from './notifications.service.ts';

const tags = ['notifications'];

export const notificationsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, registry, clock } = app.deps;

  mountGet(
    app,
    '/notifications/todos',
    { access: 'authenticated', tags, response: todosResponse },
    async ({ actor, reply }) => {
      noStore(reply);
      return { data: await todosOf(db, registry, actor, clock.now()) };
    },
  );

  mountWrite(
    app,
    'POST',
    '/notifications/read',
    { access: 'authenticated', tags, body: markReadBody, response: { 200: markReadResponse } },
    async ({ actor, body, request }) => {
      const now = clock.now();
      // Only the person's own current items can be marked: anything else is ignored, never stored.
      const list = await todosOf(db, registry, actor, now);
      const own = new Set(list.groups.flatMap((g) => g.items.map((i) => i.key)));
      const marked = await runAction(request, async (trx, audit) => {
        const n = await markRead(trx, actor.user.id, body.keys, own, now);
        await audit({
          action: 'notifications.read',
          objectType: 'user',
          objectId: actor.user.id,
          detail: { marked: n },
        });
        return n;
      });
      return { data: { marked } };
    },
  );
};
