import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { AuthUser, bearerToken, TokenVerifier } from '@permits/auth';
import { QUEUE_NAMES, QueueName } from '@permits/contracts/jobs';
import { errorBody } from '@permits/http';
import { QueueClient } from '@permits/queue';

export const QUEUE_BOARD_PATH = '/admin/queues';
/** The cookie a browser keeps after signing in at /admin/queues/login: the token itself, checked on every request. */
export const QUEUE_BOARD_COOKIE = 'queue_board_token';

function cookieToken(req: FastifyRequest): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === QUEUE_BOARD_COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

const LOGIN_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Queues: sign in</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 4em auto">
<h1>Queue dashboard</h1>
<p>Paste an admin's bearer token (development: <code>npm run token -- --role admin</code>). It is kept in an HttpOnly cookie for this page only, until the token expires.</p>
<form method="post" action="${QUEUE_BOARD_PATH}/login">
<textarea name="token" rows="6" cols="80" required></textarea><br>
<button type="submit">Open the dashboard</button>
</form></body></html>`;

/**
 * Bull Board over every queue of the deployment (QUEUE_NAMES under REDIS_PREFIX), for admins only: the admin
 * role is checked on every request, from `Authorization: Bearer <token>` or, for a browser, from the cookie
 * that POST /admin/queues/login sets after checking the token (HttpOnly, SameSite=Strict, path /admin/queues,
 * expiring with the token). No token: 401 (a browser asking for a page is sent to the login form); a token
 * without the admin role: 403.
 *
 * The dashboard reads and retries, nothing else. Every queue is read-only in Bull Board (its UI shows no
 * action; its API answers 405 to add, edit, promote, clean, remove, pause, empty, obliterate), and in front of
 * it only GET and HEAD pass, but for one route this router answers itself: `PUT /api/queues/:queue/:jobId/retry`
 * runs a failed job again (as POST /api/v1/ops/dead-letters/:queue/:jobId/retry does). A retry keeps the job's
 * data, name and id, so its signature (QUEUE_KEY) still verifies; the gateway holds no key to add a job of its own.
 */
export function queueBoard(queues: QueueClient, verifier: TokenVerifier): FastifyPluginAsync {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: QUEUE_NAMES.map((name) => new BullMQAdapter(queues.queue(name), { readOnlyMode: true, allowRetries: false })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Permit queues (read-only; retry a failed job: PUT api/queues/:queue/:jobId/retry)' } },
  });
  const json = (reply: FastifyReply, status: number, message: string) => reply.status(status).send(errorBody(status, message));
  const RETRY = /^\/api\/queues\/([^/]+)\/([^/]+)\/retry\/?$/;

  return async (board: FastifyInstance) => {
    // the sign-in form, this context's only body: small and urlencoded
    board.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_req, body, done) =>
      done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );
    board.get('/login', async (_req, reply) => reply.type('text/html; charset=utf-8').send(LOGIN_PAGE));
    board.post('/login', async (req, reply) => {
      const given = (req.body as { token?: unknown } | undefined)?.token;
      const token = typeof given === 'string' ? given.trim() : '';
      let user: AuthUser;
      try {
        user = await verifier.verify(token);
      } catch {
        return json(reply, 401, 'the token is invalid or expired');
      }
      if (!user.roles.includes('admin')) return json(reply, 403, 'the queue dashboard is for admins');
      const exp = (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8') || '{}') as { exp?: number }).exp;
      const maxAge = exp ? Math.max(0, exp - Math.floor(Date.now() / 1000)) : 3600;
      const secure = req.protocol === 'https' ? '; Secure' : '';
      return reply
        .header(
          'Set-Cookie',
          `${QUEUE_BOARD_COOKIE}=${encodeURIComponent(token)}; Path=${QUEUE_BOARD_PATH}; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure}`,
        )
        .redirect(`${QUEUE_BOARD_PATH}/`, 303);
    });
    board.post('/logout', async (_req, reply) =>
      reply
        .header('Set-Cookie', `${QUEUE_BOARD_COOKIE}=; Path=${QUEUE_BOARD_PATH}; HttpOnly; SameSite=Strict; Max-Age=0`)
        .redirect(`${QUEUE_BOARD_PATH}/login`, 303),
    );

    // every other request, Bull Board's or not, however its path is spelt: an admin, then reads and the one retry
    board.addHook('onRequest', async (req, reply) => {
      const path = (req.raw.url ?? '').split('?')[0].slice(QUEUE_BOARD_PATH.length);
      if (path === '/login' || path === '/logout') return;
      const token = bearerToken(req.headers.authorization) ?? cookieToken(req);
      const page = req.method === 'GET' && (req.headers.accept ?? '').includes('text/html');
      if (!token) {
        if (page) return reply.redirect(`${QUEUE_BOARD_PATH}/login`, 303);
        return json(reply, 401, 'sign in: Authorization: Bearer <admin token>, or POST /admin/queues/login');
      }
      let user: AuthUser;
      try {
        user = await verifier.verify(token);
      } catch {
        if (page) return reply.redirect(`${QUEUE_BOARD_PATH}/login`, 303);
        return json(reply, 401, 'the token is invalid or expired');
      }
      if (!user.roles.includes('admin')) return json(reply, 403, 'the queue dashboard is for admins');
      const retry = req.method === 'PUT' ? RETRY.exec(path) : null;
      if (retry) return retryFailed(reply, decodeURIComponent(retry[1]), decodeURIComponent(retry[2]));
      if (req.method === 'GET' || req.method === 'HEAD') return;
      return reply
        .header('Allow', 'GET, HEAD')
        .status(405)
        .send(errorBody(405, 'the queue dashboard reads and retries failed jobs only (PUT api/queues/:queue/:jobId/retry)'));
    });
    // a path Bull Board does not serve still passes the hook above (405 for anything but a read)
    board.all('/*', async (req, reply) => json(reply, 404, `Cannot ${req.method} ${req.raw.url ?? ''}`));
    await board.register(serverAdapter.registerPlugin());
  };

  async function retryFailed(reply: FastifyReply, name: string, jobId: string): Promise<FastifyReply> {
    if (!(QUEUE_NAMES as readonly string[]).includes(name)) return json(reply, 404, `queue ${name} not found`);
    const job = await queues.queue(name as QueueName).getJob(jobId);
    if (!job) return json(reply, 404, `job not found in ${name}`);
    const state = await job.getState();
    // a completed job is not run again: only a dead letter is retried
    if (state !== 'failed') return json(reply, 409, `the job is ${state}, not failed`);
    try {
      await job.retry('failed');
    } catch (err) {
      // another admin retried it a moment ago: it is no longer in the failed set
      return json(reply, 409, `the job could not be retried: ${(err as Error).message}`);
    }
    return reply.status(204).send();
  }
}
