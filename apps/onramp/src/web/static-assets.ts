import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';

const NHSUK = join(dirname(require.resolve('nhsuk-frontend/package.json')), 'dist', 'nhsuk');

/**
 * The NHS.UK frontend, served by Onramp itself (no CDN): its CSS and JavaScript under /static/,
 * and its images and icons under /assets/, where its CSS expects them. The package's CSS loads the
 * Frutiger web font from assets.nhs.uk, which the content security policy does not allow (and the
 * font is licensed to NHS sites); its @font-face rules are removed, so pages use the fallback
 * (Arial) instead of waiting on a font that cannot load.
 */
export async function registerStaticAssets(fastify: FastifyInstance, templatesDir: string): Promise<void> {
  const css = readFileSync(join(NHSUK, 'nhsuk-frontend.min.css'), 'utf8').replace(/@font-face\{[^}]*\}/g, '');
  const files: Record<string, { body: string | Buffer; type: string }> = {
    '/static/nhsuk-frontend.min.css': { body: css, type: 'text/css; charset=utf-8' },
    '/static/nhsuk-frontend.min.js': { body: readFileSync(join(NHSUK, 'nhsuk-frontend.min.js')), type: 'text/javascript; charset=utf-8' },
    '/static/onramp.css': { body: readFileSync(join(templatesDir, 'web', 'static', 'onramp.css')), type: 'text/css; charset=utf-8' },
  };
  for (const [url, file] of Object.entries(files)) {
    fastify.get(url, (_request, reply) => {
      void reply.header('Content-Type', file.type).header('Cache-Control', 'public, max-age=3600').send(file.body);
    });
  }
  await fastify.register(import('@fastify/static'), { root: join(NHSUK, 'assets'), prefix: '/assets/', decorateReply: false, maxAge: 3_600_000 });
}
