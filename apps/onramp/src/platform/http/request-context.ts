import { AsyncLocalStorage } from 'node:async_hooks';

/** An Idempotency-Key a request carries, waiting to be reserved by the request's first transaction. */
export interface IdempotencyClaim {
  principal: string;
  key: string;
  fingerprint: string;
  /** Set once the reservation row is written: later transactions of the same request do not reserve again. */
  reserved: boolean;
}

export interface RequestContext {
  idempotency?: IdempotencyClaim;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Per-request state that must follow the request through async code (commands, transactions) without being passed by hand. */
export const requestContext = {
  run<T>(context: RequestContext, fn: () => T): T {
    return storage.run(context, fn);
  },
  current(): RequestContext | undefined {
    return storage.getStore();
  },
};
