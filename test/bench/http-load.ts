// A closed-loop HTTP load generator for `npm run bench`: a fixed number of clients, each sending
// its next request when the last one is answered, over kept-alive connections, as a browser or an
// integration would. Reports requests per second and latency percentiles.
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface LoadResult {
  requests: number;
  clients: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** How many answers had each status: a benchmark whose requests fail measures nothing. */
  statuses: Record<number, number>;
}

export interface Request {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
}

export interface Target {
  baseUrl: string;
  token: string;
}

/** One request, its whole body read. */
export function send(agent: http.Agent, target: Target, req: Request): Promise<{ status: number; body: string }> {
  const data = req.body === undefined ? undefined : JSON.stringify(req.body);
  const url = new URL(req.path, target.baseUrl);
  return new Promise((resolve, reject) => {
    const r = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method: req.method,
        agent,
        headers: {
          Authorization: `Bearer ${target.token}`,
          ...(data === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    r.on('error', reject);
    r.end(data);
  });
}

/** A JSON GET that must answer 200. */
export async function getJson<T>(target: Target, path: string): Promise<T> {
  const agent = new http.Agent({ keepAlive: false });
  const res = await send(agent, target, { method: 'GET', path });
  if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${res.body.slice(0, 300)}`);
  return JSON.parse(res.body) as T;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

/**
 * Sends `requests` requests from `clients` concurrent clients; `next(i)` makes the i-th. The first
 * `warmUp` requests (JIT, caches, connections) are sent the same way and not counted. Every answer
 * must have status `expect`, or the run fails: a fast error is not a result.
 */
export async function load(
  target: Target,
  opts: { clients: number; requests: number; warmUp?: number; expect?: number; next: (i: number) => Request },
): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.clients });
  const expect = opts.expect ?? 200;
  const round = async (count: number, offset: number) => {
    let issued = 0;
    const latencies: number[] = [];
    const statuses: Record<number, number> = {};
    let failure: string | null = null;
    const client = async () => {
      while (issued < count && failure === null) {
        const req = opts.next(offset + issued++);
        const started = performance.now();
        const res = await send(agent, target, req);
        latencies.push(performance.now() - started);
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        if (res.status !== expect) failure ??= `${req.method} ${req.path} answered ${res.status}: ${res.body.slice(0, 300)}`;
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: opts.clients }, client));
    const ms = performance.now() - started;
    if (failure !== null) throw new Error(failure);
    latencies.sort((a, b) => a - b);
    return {
      requests: count,
      clients: opts.clients,
      perSecond: (count / ms) * 1000,
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
      statuses,
    };
  };
  try {
    if (opts.warmUp) await round(opts.warmUp, 0);
    return await round(opts.requests, opts.warmUp ?? 0);
  } finally {
    agent.destroy();
  }
}
