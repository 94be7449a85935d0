import { Writable } from 'node:stream';
import { pino } from 'pino';
import { PinoNestLogger } from './nest-logger';

/** A pino logger at `level` writing JSON lines into an array. */
function capture(level: string) {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: new PinoNestLogger(pino({ level }, stream)), lines };
}

describe('PinoNestLogger', () => {
  it('writes nothing at LOG_LEVEL silent, even an error from Nest', () => {
    const { logger, lines } = capture('silent');
    logger.error(new Error('PluginLoadError: 1 plugin problem(s)'), 'ExceptionHandler');
    logger.warn('careful');
    expect(lines).toEqual([]);
  });

  it('logs an error from Nest as JSON with the error serialised and the Nest context', () => {
    const { logger, lines } = capture('info');
    logger.error(new Error('the module cannot be loaded'), 'ExceptionHandler');
    expect(lines).toEqual([
      expect.objectContaining({
        level: 50,
        msg: 'the module cannot be loaded',
        nest: 'ExceptionHandler',
        err: expect.objectContaining({ type: 'Error', stack: expect.any(String) }),
      }),
    ]);
  });

  it("keeps Nest's bootstrap chatter out of the info log (it is debug)", () => {
    const info = capture('info');
    info.logger.log('Mapped {/api/v1/health, GET} route', 'RouterExplorer');
    expect(info.lines).toEqual([]);
    const debug = capture('debug');
    debug.logger.log('Mapped {/api/v1/health, GET} route', 'RouterExplorer');
    expect(debug.lines).toEqual([expect.objectContaining({ level: 20, msg: 'Mapped {/api/v1/health, GET} route', nest: 'RouterExplorer' })]);
  });
});
