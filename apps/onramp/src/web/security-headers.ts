import type { FastifyInstance } from 'fastify';

/**
 * Security headers on every response (helmet): a content security policy that allows only
 * Onramp's own scripts, styles, images and fonts, and its one inline module script by a
 * per-response nonce; `frame-ancestors 'none'` (no framing, so no clickjacking); no referrer (the
 * set-password link's token never leaves in a Referer); HSTS when Onramp is served over HTTPS.
 * The API documentation page (Swagger UI) styles itself inline, so it alone gets a looser style rule.
 */
export async function registerSecurityHeaders(fastify: FastifyInstance, secure: boolean): Promise<void> {
  const helmet = (await import('@fastify/helmet')).default;
  await fastify.register(helmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
        ...(secure ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: secure ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
    frameguard: { action: 'deny' },
  });
  fastify.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/api/docs'))
      void reply.header(
        'Content-Security-Policy',
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; object-src 'none'",
      );
  });
}
