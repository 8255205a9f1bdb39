import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf, noStore, runAction } from '../../platform/http.ts';
import { markReadBody, markReadResponse, todosResponse } from './notifications.contract.ts';
import { markRead, todosOf } from './notifications.service.ts';

const tags = ['notifications'];

export const notificationsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, registry, clock } = app.deps;

  app.get(
    '/notifications/todos',
    { config: { access: 'authenticated' }, schema: { tags, response: { 200: todosResponse } } },
    async (request, reply) => {
      noStore(reply);
      return { data: await todosOf(db, registry, actorOf(request), clock.now()) };
    },
  );

  app.post(
    '/notifications/read',
    {
      config: { access: 'authenticated' },
      schema: { tags, body: markReadBody, response: { 200: markReadResponse } },
    },
    async (request) => {
      const actor = actorOf(request);
      const now = clock.now();
      // Only the person's own current items can be marked: anything else is ignored, never stored.
      const list = await todosOf(db, registry, actor, now);
      const own = new Set(list.groups.flatMap((g) => g.items.map((i) => i.key)));
      const marked = await runAction(request, async (trx, audit) => {
        const n = await markRead(trx, actor.user.id, request.body.keys, own, now);
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
