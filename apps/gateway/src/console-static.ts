import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import express from 'express';
import type { RequestHandler, Response } from 'express';

/** Where the built staff console lies: CONSOLE_DIR, else dist/console beside the built gateway. */
export function consoleDir(configured?: string): string {
  // __dirname is dist/apps/gateway/src once built
  return configured ? resolve(configured) : resolve(__dirname, '..', '..', '..', 'console');
}

/**
 * The staff console (apps/console, built by Vite) as static files at /console. Hashed assets (assets/*-<hash>.js)
 * never change under their name: a year, immutable. index.html names the current hashes: no-cache, so a new
 * deployment is seen at the next load. Unknown paths under /console answer index.html (the app routes by hash,
 * so this is only for bookmarked sub-paths). Without a build the route answers 404 saying how to build it.
 */
export function consoleStatic(dir: string): RequestHandler {
  const index = join(dir, 'index.html');
  const setHeaders = (res: Response, path: string) => {
    if (/[\\/]assets[\\/]/.test(path)) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    else res.setHeader('Cache-Control', 'no-cache');
  };
  const files = express.static(dir, { index: false, redirect: false, setHeaders });
  return (req, res, next) => {
    if (!existsSync(index)) {
      res.status(404).type('text/plain').send('the staff console is not built: run npm run build');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (req.path === '/' || req.path === '' || req.path === '/index.html') {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(index);
      return;
    }
    files(req, res, () => {
      if (req.path.startsWith('/assets/')) {
        res.status(404).type('text/plain').send('not found');
        return;
      }
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(index);
    });
  };
}
