import { pino, type Logger } from 'pino';

export const LOGGER = Symbol('Logger');

/**
 * Structured JSON logs. Anything that can carry a secret is redacted by path, as a second line of
 * defence: the code never passes tokens or headers to the logger in the first place.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'onramp' },
    redact: {
      paths: [
        'token',
        '*.token',
        'authorization',
        '*.authorization',
        'headers',
        '*.headers',
        'adminToken',
        '*.adminToken',
        'auditSigningKey',
        '*.auditSigningKey',
      ],
      censor: '[redacted]',
    },
  });
}
