import type { LoggerService } from '@nestjs/common';
import type { Level, Logger } from 'pino';

/**
 * Nest's own messages (start-up failures, its exception handler, warnings) go through pino at
 * the configured LOG_LEVEL like every other log line, as JSON with the error serialised, instead
 * of Nest's console logger, which ignored LOG_LEVEL: tests that boot a broken configuration on
 * purpose (LOG_LEVEL silent) printed ~1,150 lines of expected stack traces. A start-up failure
 * is still thrown to the caller, so nothing is hidden from a test or from main.ts. Nest's
 * bootstrap chatter ("Mapped {/api/v1/…} route") is debug, not info.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...rest: unknown[]) {
    this.write('debug', message, rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.write('trace', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]) {
    this.write('fatal', message, rest);
  }

  private write(level: Level, message: unknown, rest: unknown[]) {
    if (!this.logger.isLevelEnabled(level)) return;
    // Nest appends its context (the class that logs) as the last string argument.
    const context = typeof rest.at(-1) === 'string' ? (rest.at(-1) as string) : undefined;
    if (message instanceof Error) this.logger[level]({ nest: context, err: message }, message.message);
    else this.logger[level]({ nest: context }, typeof message === 'string' ? message : JSON.stringify(message));
  }
}
