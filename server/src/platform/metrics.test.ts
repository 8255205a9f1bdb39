import { describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/app.ts';

/** `/metrics`: Prometheus text with request rate/latency per route and pool use; token or this machine only. */
describe('/metrics', () => {
  it('counts requests by route pattern and shows the pool; without a token only this machine reads it', async () => {
    const t = await buildTestApp();
    try {
      await t.app.inject({ method: 'GET', url: '/api/health' });
      await t.app.inject({ method: 'GET', url: '/api/v1/orgs/12345' });
      const res = await t.app.inject({ method: 'GET', url: '/metrics' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(res.body).toContain('jiceng_http_requests_total{method="GET",route="/api/health",code="2xx"} 1');
      // The route's pattern, never the id in the URL.
      expect(res.body).toContain('route="/api/v1/orgs/:id",code="4xx"');
      expect(res.body).not.toContain('12345');
      expect(res.body).toMatch(
        /jiceng_http_request_duration_seconds_bucket\{method="GET",route="\/api\/health",le="\+Inf"\} 1/,
      );
      expect(res.body).toMatch(/jiceng_db_pool_connections\{state="max"\} \d+/);
      const remote = await t.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '10.1.2.3' });
      expect(remote.statusCode).toBe(401);
    } finally {
      await t.close();
    }
  });

  it('with JICENG_METRICS_TOKEN, answers only the bearer of that token', async () => {
    const t = await buildTestApp({ config: { metricsToken: 's3cret-token' } });
    try {
      expect((await t.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
      const wrong = await t.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: 'Bearer nope' },
      });
      expect(wrong.statusCode).toBe(401);
      const ok = await t.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: 'Bearer s3cret-token' },
        remoteAddress: '10.1.2.3',
      });
      expect(ok.statusCode).toBe(200);
      expect(ok.body).toContain('# TYPE jiceng_http_requests_total counter');
    } finally {
      await t.close();
    }
  });
});
