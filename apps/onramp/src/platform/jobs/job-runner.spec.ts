import { DEFAULT_RUNNER_SETTINGS, failureMessage, MAX_PAYLOAD_BYTES, resolveQueueOptions, retryDelayMs, serializePayload } from './job-runner';

describe('queue options', () => {
  it('default to pg-boss-like retries with backoff, the runner heartbeat and a 15-minute run limit', () => {
    expect(resolveQueueOptions('mail.deliver', {}, { ...DEFAULT_RUNNER_SETTINGS, heartbeatSeconds: 20 })).toEqual({
      retryLimit: 3,
      retryDelaySeconds: 30,
      retryBackoff: true,
      retryDelayMaxSeconds: 3600,
      heartbeatSeconds: 20,
      expireInSeconds: 900,
      deadLetter: null,
    });
  });

  it('are refused with the queue and the field named', () => {
    expect(() => resolveQueueOptions('scan', { heartbeatSeconds: 5 }, DEFAULT_RUNNER_SETTINGS)).toThrow(
      'queue "scan": heartbeatSeconds must be a whole number from 10 to 3600 (got 5)',
    );
    expect(() => resolveQueueOptions('scan', { retryDelaySeconds: 1.5 }, DEFAULT_RUNNER_SETTINGS)).toThrow(
      'queue "scan": retryDelaySeconds must be a whole number',
    );
    expect(() => resolveQueueOptions('scan', { deadLetter: 'scan' }, DEFAULT_RUNNER_SETTINGS)).toThrow('queue "scan" cannot be its own dead-letter queue');
    expect(() => resolveQueueOptions('__pgboss__send-it', {}, DEFAULT_RUNNER_SETTINGS)).toThrow('queue name "__pgboss__send-it" must be');
    expect(() => resolveQueueOptions('has space', {}, DEFAULT_RUNNER_SETTINGS)).toThrow('queue name "has space" must be');
  });
});

describe('the retry delay', () => {
  const fixed = { retryDelaySeconds: 30, retryBackoff: false, retryDelayMaxSeconds: 3600 };
  const backoff = { ...fixed, retryBackoff: true };

  it('is the queue delay every time without backoff', () => {
    expect([1, 2, 5].map((attempt) => retryDelayMs(fixed, attempt, 0.9))).toEqual([30_000, 30_000, 30_000]);
  });

  it('doubles with each attempt with backoff, within a jitter of up to twice, as pg-boss computes it', () => {
    expect(retryDelayMs(backoff, 1, 0)).toBe(30_000);
    expect(retryDelayMs(backoff, 1, 1)).toBe(60_000);
    expect(retryDelayMs(backoff, 2, 0)).toBe(60_000);
    expect(retryDelayMs(backoff, 3, 0.5)).toBe(180_000);
  });

  it('never exceeds the maximum, and backs off from one second when the delay is zero', () => {
    expect(retryDelayMs(backoff, 10, 0)).toBe(3_600_000);
    expect(retryDelayMs({ ...backoff, retryDelaySeconds: 0 }, 1, 0)).toBe(1000);
  });
});

describe('job payloads', () => {
  it('are JSON objects of ids, kept small', () => {
    expect(serializePayload('scan', { ods: 'RXX' })).toBe('{"ods":"RXX"}');
    expect(() => serializePayload('scan', [] as unknown as Record<string, unknown>)).toThrow('queue "scan": job data must be a JSON object of ids');
    expect(() => serializePayload('scan', { html: 'x'.repeat(MAX_PAYLOAD_BYTES) })).toThrow(/over the 8192-byte limit; send ids/);
  });
});

describe('a failure as recorded', () => {
  it('is the message only, bounded', () => {
    expect(failureMessage(new Error('relay refused'))).toBe('relay refused');
    expect(failureMessage('plain')).toBe('plain');
    expect(failureMessage(new Error('x'.repeat(2000)))).toHaveLength(1000);
  });
});
