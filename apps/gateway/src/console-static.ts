import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply } from 'fastify';
import { existsSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';

/** Where the built staff console lies: CONSOLE_DIR, else dist/console beside the built gateway. */
export function consoleDir(configured?: string): string {
  // __dirname is dist/apps/gateway/src once built
  return configured ? resolve(configured) : resolve(__dirname, '..', '..', '..', 'console');
}

const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * The staff console (apps/console, built by Vite) as static files at /console (@fastify/static). Hashed assets
 * (assets/*-<hash>.js) never change under their name: a year, immutable. index.html names the current hashes:
 * no-cache, so a new deployment is seen at the next load. Unknown paths under /console answer index.html (the app
 * routes by hash, so this is only for bookmarked sub-paths). Without a build the route answers 404 saying how to
 * build it. Register with `{ prefix: '/console' }`.
 */
export function consoleStatic(dir: string): FastifyPluginAsync {
  const index = join(dir, 'index.html');
  const root = resolve(dir);
  return async (app: FastifyInstance) => {
    // sendFile only: the routes below decide what each path answers
    await app.register(fastifyStatic, { root, serve: false, index: false, cacheControl: false, decorateReply: true });
    const answer = async (rel: string, reply: FastifyReply) => {
      if (!existsSync(index)) return reply.status(404).type('text/plain; charset=utf-8').send('the staff console is not built: run npm run build');
      const file = resolve(root, `.${sep}${rel}`);
      const isFile = rel !== '' && rel !== 'index.html' && file.startsWith(root + sep) && existsSync(file) && statSync(file).isFile();
      if (isFile) {
        void reply.header('Cache-Control', /^assets[\\/]/.test(rel) ? IMMUTABLE : 'no-cache');
        return reply.sendFile(rel, root);
      }
      if (rel.startsWith('assets/')) return reply.status(404).type('text/plain; charset=utf-8').send('not found');
      return reply.header('Cache-Control', 'no-cache').sendFile('index.html', root);
    };
    app.get('/', async (_req, reply) => answer('', reply));
    app.get('/*', async (req, reply) => answer((req.params as { '*': string })['*'] ?? '', reply));
  };
}
