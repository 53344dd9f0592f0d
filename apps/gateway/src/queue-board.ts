import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import express, { NextFunction, Request, Response, Router } from 'express';
import { AuthUser, bearerToken, TokenVerifier } from '@permits/auth';
import { QUEUE_NAMES, QueueName } from '@permits/contracts/jobs';
import { errorBody } from '@permits/http';
import { QueueClient } from '@permits/queue';

export const QUEUE_BOARD_PATH = '/admin/queues';
/** The cookie a browser keeps after signing in at /admin/queues/login: the token itself, checked on every request. */
export const QUEUE_BOARD_COOKIE = 'queue_board_token';

function cookieToken(req: Request): string | undefined {
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
export function queueBoard(queues: QueueClient, verifier: TokenVerifier): Router {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: QUEUE_NAMES.map((name) => new BullMQAdapter(queues.queue(name), { readOnlyMode: true, allowRetries: false })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Permit queues (read-only; retry a failed job: PUT api/queues/:queue/:jobId/retry)' } },
  });

  const router = express.Router();
  router.get('/login', (_req, res) => {
    res.type('html').send(LOGIN_PAGE);
  });
  router.post('/login', express.urlencoded({ extended: false, limit: '16kb' }), async (req: Request, res: Response) => {
    const token = typeof req.body?.token === 'string' ? req.body.token.trim() : '';
    let user: AuthUser;
    try {
      user = await verifier.verify(token);
    } catch {
      res.status(401).json(errorBody(401, 'the token is invalid or expired'));
      return;
    }
    if (!user.roles.includes('admin')) {
      res.status(403).json(errorBody(403, 'the queue dashboard is for admins'));
      return;
    }
    const exp = (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8') || '{}') as { exp?: number }).exp;
    const maxAge = exp ? Math.max(0, exp - Math.floor(Date.now() / 1000)) : 3600;
    const secure = req.secure ? '; Secure' : '';
    res.setHeader(
      'Set-Cookie',
      `${QUEUE_BOARD_COOKIE}=${encodeURIComponent(token)}; Path=${QUEUE_BOARD_PATH}; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure}`,
    );
    res.redirect(303, `${QUEUE_BOARD_PATH}/`);
  });
  router.post('/logout', (_req, res) => {
    res.setHeader('Set-Cookie', `${QUEUE_BOARD_COOKIE}=; Path=${QUEUE_BOARD_PATH}; HttpOnly; SameSite=Strict; Max-Age=0`);
    res.redirect(303, `${QUEUE_BOARD_PATH}/login`);
  });
  router.use(async (req: Request, res: Response, next: NextFunction) => {
    const token = bearerToken(req.headers.authorization) ?? cookieToken(req);
    const page = req.method === 'GET' && (req.headers.accept ?? '').includes('text/html');
    if (!token) {
      if (page) return res.redirect(303, `${QUEUE_BOARD_PATH}/login`);
      return res.status(401).json(errorBody(401, 'sign in: Authorization: Bearer <admin token>, or POST /admin/queues/login'));
    }
    let user: AuthUser;
    try {
      user = await verifier.verify(token);
    } catch {
      if (page) return res.redirect(303, `${QUEUE_BOARD_PATH}/login`);
      return res.status(401).json(errorBody(401, 'the token is invalid or expired'));
    }
    if (!user.roles.includes('admin')) return res.status(403).json(errorBody(403, 'the queue dashboard is for admins'));
    next();
  });
  router.put('/api/queues/:queueName/:jobId/retry', async (req: Request, res: Response, next: NextFunction) => {
    try {
      const name = String(req.params.queueName);
      if (!(QUEUE_NAMES as readonly string[]).includes(name)) return res.status(404).json(errorBody(404, `queue ${name} not found`));
      const job = await queues.queue(name as QueueName).getJob(String(req.params.jobId));
      if (!job) return res.status(404).json(errorBody(404, `job not found in ${name}`));
      const state = await job.getState();
      // a completed job is not run again: only a dead letter is retried
      if (state !== 'failed') return res.status(409).json(errorBody(409, `the job is ${state}, not failed`));
      try {
        await job.retry('failed');
      } catch (err) {
        // another admin retried it a moment ago: it is no longer in the failed set
        return res.status(409).json(errorBody(409, `the job could not be retried: ${(err as Error).message}`));
      }
      res.status(204).end();
    } catch (err) {
      next(err);
    }
  });
  router.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    res.setHeader('Allow', 'GET, HEAD');
    return res.status(405).json(errorBody(405, 'the queue dashboard reads and retries failed jobs only (PUT api/queues/:queue/:jobId/retry)'));
  });
  router.use(serverAdapter.getRouter() as Router);
  return router;
}
