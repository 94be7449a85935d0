import { Agent, request } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/**
 * Sends exactly the given method, path, headers and bytes over a real socket. supertest would pick a
 * content type for a string body and encode the path for us; property tests need neither.
 */
export function sendRaw(
  agent: Agent,
  origin: { host: string; port: number },
  req: { method: string; path: string; headers: Record<string, string>; body: Buffer | null },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...req.headers };
    if (req.body) headers['content-length'] = String(req.body.length);
    const outgoing = request({ agent, host: origin.host, port: origin.port, method: req.method, path: req.path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(req.body ?? undefined);
  });
}
