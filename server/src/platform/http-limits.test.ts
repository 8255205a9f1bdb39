import net from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { serverKit } from '../../test/kit.ts';

const { t } = serverKit({}, { tree: false, config: { requestTimeoutSeconds: 1, headersTimeoutSeconds: 1 } });
let port: number;
beforeAll(async () => {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as net.AddressInfo).port;
});

/** Send `head`, then one byte of body every `everyMs` until the server answers or closes. */
function trickle(head: string, everyMs: number): Promise<{ answer: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    let timer: NodeJS.Timeout | undefined;
    const done = () => {
      clearInterval(timer);
      resolve({ answer, ms: performance.now() - start });
    };
    socket.on('connect', () => {
      socket.write(head);
      timer = setInterval(() => {
        if (!socket.destroyed) socket.write('a');
      }, everyMs);
    });
    socket.on('data', (chunk) => {
      answer += chunk.toString('utf8');
    });
    socket.on('close', done);
    socket.on('error', (err) => {
      if (
        (err as NodeJS.ErrnoException).code === 'ECONNRESET' ||
        (err as NodeJS.ErrnoException).code === 'EPIPE'
      )
        return;
      clearInterval(timer);
      reject(err);
    });
    // Without a limit the server waits for ever: give up after 15 s so the failure is visible.
    setTimeout(() => {
      socket.destroy();
    }, 15_000).unref();
  });
}

describe('request limits', () => {
  it('cuts off a body trickled slower than the request timeout with 408', async () => {
    const head =
      `POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: http://127.0.0.1:${port}\r\n` +
      'Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n';
    const { answer, ms } = await trickle(head, 100);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)).error.code).toBe('REQUEST_TIMEOUT');
    // 1 s limit, checked every 250 ms; far below the 15 s give-up.
    expect(ms).toBeLessThan(5_000);
  });

  it('cuts off headers that never finish with 408', async () => {
    const { answer, ms } = await trickle('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ', 100);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(ms).toBeLessThan(5_000);
  });

  it('answers a body over the limit with 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username: 'x'.repeat(3 * 1024 * 1024), password: 'y' }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(res.json().error.message).toMatch(/请求内容过大/);
  });
});
