/**
 * The operator dashboard at `/ui/`: static files from `packages/coordinator/ui`
 * plus preact, preact/hooks and htm served from node_modules as local files
 * (no CDN, no build step). The files are public; every data call the page
 * makes goes to /v1 with the bearer token the operator enters once.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { sendError } from './errors.js';

/** The dashboard's folder (same relative place from src/ and dist/). */
export const UI_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../ui');

const require = createRequire(import.meta.url);

/** Browser ES modules of the UI's libraries, by the name the import map uses. */
export function vendorFiles(): Record<string, string> {
  return {
    'preact.mjs': require.resolve('preact'),
    'hooks.mjs': require.resolve('preact/hooks'),
    'htm.mjs': join(dirname(require.resolve('htm')), 'htm.mjs'),
  };
}

/** Registers `/ui/` (index.html and modules) and `/ui/vendor/*`; `/` and `/ui` redirect to `/ui/`. */
export async function registerUi(app: FastifyInstance, dir: string = UI_DIR): Promise<void> {
  if (!existsSync(join(dir, 'index.html'))) {
    app.log.warn({ dir }, 'dashboard files not found; /ui disabled');
    return;
  }
  // preact/hooks imports the bare specifier "preact": point it at our copy, so
  // the page needs no import map (and the CSP no inline script).
  const vendor = new Map(
    Object.entries(vendorFiles()).map(([name, path]) => [
      name,
      readFileSync(path, 'utf8').replace(/from\s*["']preact["']/g, 'from"./preact.mjs"'),
    ]),
  );
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/ui/',
    index: ['index.html'],
    cacheControl: true,
    maxAge: 0,
    setHeaders: (res) => {
      res.header('x-content-type-options', 'nosniff');
      res.header('referrer-policy', 'no-referrer');
      res.header(
        'content-security-policy',
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
      );
    },
  });
  app.get('/ui/vendor/:file', { schema: { hide: true } }, (req, reply) => {
    const file = (req.params as { file: string }).file;
    const body = vendor.get(file);
    if (!body) return sendError(reply, 404, `no vendor file ${file}`);
    return reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(body);
  });
  app.get('/ui', { schema: { hide: true } }, (_req, reply) => reply.redirect('/ui/'));
  app.get('/', { schema: { hide: true } }, (_req, reply) => reply.redirect('/ui/'));
}
