import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A proxy that holds every request `delayMs` before forwarding it to `target` (a replay server's
 * base URL), so a job is still running when a test looks at its progress, cancels it, or starts
 * a second one.
 */
export async function startSlowProxy(target: string, delayMs: number) {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      setTimeout(async () => {
        try {
          const path = (req.url ?? '/').replace(/^\/api/, '');
          const answer = await fetch(`${target}${path}`, {
            method: req.method, body: req.method === 'POST' ? Buffer.concat(chunks) : undefined,
            headers: { 'content-type': req.headers['content-type'] ?? 'application/x-www-form-urlencoded' },
          });
          const headers: Record<string, string> = { 'content-type': answer.headers.get('content-type') ?? 'application/json' };
          const retryAfter = answer.headers.get('retry-after');
          if (retryAfter !== null) headers['retry-after'] = retryAfter;
          res.writeHead(answer.status, headers);
          res.end(Buffer.from(await answer.arrayBuffer()));
        } catch (error) {
          res.writeHead(502).end(String(error));
        }
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
