/** The Express application: REST -> Temporal client (start, signal, query) and reads of the database. */
import { fileURLToPath } from 'node:url';
import express, { type Express, type Request, type RequestHandler } from 'express';
import helmet from 'helmet';
import swaggerUi from 'swagger-ui-express';
import { tokenTable } from '../config/tokens.js';
import { authenticate } from './auth.js';
import type { ApiDeps } from './deps.js';
import { errorHandler, HttpError } from './errors.js';
import { openApiDocument } from './openapi.js';
import { ackLinkRoutes } from './routes/ack-links.js';
import { alertRoutes, alertWebhookRoutes } from './routes/alerts.js';
import { healthRoutes } from './routes/health.js';
import { metricsRoutes } from './routes/metrics.js';
import { httpDuration, httpRequests } from '../config/metrics.js';
import { httpSpans, tracing } from '../config/tracing.js';
import { invoiceRoutes } from './routes/invoices.js';
import { masterDataRoutes } from './routes/master-data.js';
import { notificationRoutes } from './routes/notifications.js';
import { peopleRoutes } from './routes/people.js';
import { runRoutes } from './routes/runs.js';
import { scheduleRoutes } from './routes/schedules.js';
import { codecRoutes } from './routes/codec.js';
import { contentRoutes } from './routes/content.js';
import { leadRoutes, leadWebhookRoutes } from './routes/leads.js';
import { taskRoutes } from './routes/tasks.js';

/** The inbox page's files (beside this file, from source or built). */
const INBOX_DIR = fileURLToPath(new URL('./inbox/', import.meta.url));

/** JSON bodies of routes other than document uploads are small. */
const SMALL_JSON = '100kb';

/**
 * Too many failed authentications from one client: 429 with Retry-After until the window passes.
 * Only answered failures (401) count, so a busy legitimate client is never slowed down, however
 * many of its requests are in flight at once.
 */
function authFailureLimit(perMinute: number): RequestHandler {
  const windowMs = 60_000;
  const failures = new Map<string, { count: number; resetAt: number }>();
  return (req, res, next) => {
    const key = req.ip ?? 'unknown';
    const now = Date.now();
    const entry = failures.get(key);
    if (entry && entry.resetAt <= now) failures.delete(key);
    const current = failures.get(key);
    if (current && current.count >= perMinute) {
      throw new HttpError(
        429,
        'too_many_failed_authentications',
        'Too many requests with a missing or wrong token from this address; wait and try again.',
        undefined,
        Math.ceil((current.resetAt - now) / 1000),
      );
    }
    res.on('finish', () => {
      if (res.statusCode !== 401) return;
      const at = Date.now();
      const known = failures.get(key);
      if (known && known.resetAt > at) known.count++;
      else failures.set(key, { count: 1, resetAt: at + windowMs });
      // Forget clients whose window passed, so the map stays small.
      if (failures.size > 10_000) for (const [k, v] of failures) if (v.resetAt <= at) failures.delete(k);
    });
    next();
  };
}

/**
 * The template of the route that answered (/api/invoices/:id), never the path itself: one series
 * per route. Express resets `baseUrl` when an error leaves a router, so the mount point of a route
 * answered with an error is found again from the URL: routers are mounted at /api or at the root.
 */
function routeTemplate(req: Request): string {
  const route = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof route !== 'string') return 'unmatched';
  const base = req.baseUrl || (req.originalUrl.startsWith('/api/') && !route.startsWith('/api/') ? '/api' : '');
  return `${base}${route}`;
}

/** Build the app. Throws at once when AUTH_TOKENS is malformed. */
export function createApp(deps: ApiDeps): Express {
  const { config, logger } = deps;
  const tokens = tokenTable(config.authTokens, config.env);
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');

  const traced = tracing();
  if (traced) app.use(httpSpans(traced.tracer, routeTemplate));
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // The route's template (/api/invoices/:id), never the path itself: one series per route.
      const labels = { method: req.method, route: routeTemplate(req), status: String(res.statusCode) };
      httpRequests.inc(labels);
      httpDuration.observe(labels, ms / 1000);
      logger.info({ method: req.method, url: req.originalUrl, status: res.statusCode, ms: Math.round(ms), user: req.caller?.user }, 'request');
    });
    next();
  });
  // Security headers on every answer. Helmet's default CSP (scripts and styles from this origin,
  // inline styles allowed) is what Swagger UI at /docs needs: its scripts are files.
  app.use(helmet());
  // API answers are about live processes and people's tasks: never cached.
  app.use('/api', (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });

  const publicUrl = config.http.publicUrl ?? `http://localhost:${config.http.port}`;
  const document = openApiDocument(publicUrl);
  app.get('/api/openapi.json', (_req, res) => {
    res.json(document);
  });
  app.use('/docs', swaggerUi.serve, swaggerUi.setup(document, { customSiteTitle: 'Business processes API' }));
  app.get('/', (_req, res) => {
    res.json({
      name: 'durable business processes',
      inbox: '/inbox',
      docs: '/docs',
      openapi: '/api/openapi.json',
      health: '/api/health',
      metrics: '/metrics',
      temporalUi: config.temporal.uiUrl,
    });
  });

  // The inbox page: static files; it calls the API with the person's token like any client.
  app.use('/inbox', express.static(INBOX_DIR, { index: 'index.html', maxAge: 0 }));
  app.use('/api', healthRoutes(deps));
  app.use(metricsRoutes(deps));
  app.use(ackLinkRoutes(deps));
  const authFailures = authFailureLimit(config.limits.authFailuresPerMinute);
  // Webhooks authenticate by bearer token or by a signature over the body (their own check).
  app.use('/api', authFailures);
  // The Temporal UI's codec endpoint: payloads decrypted for people of CODEC_ROLES only.
  app.use(codecRoutes(deps, tokens, authFailures));
  app.use('/api', alertWebhookRoutes(deps));
  app.use('/api', leadWebhookRoutes(deps));
  // Who is calling is settled before any body is read: an unauthenticated upload is refused
  // without being received. Bodies are parsed per route, after authentication.
  app.use('/api', authenticate(tokens, deps.db));
  app.use('/api', invoiceRoutes(deps));
  app.use('/api', leadRoutes(deps));
  app.use('/api', contentRoutes(deps));
  app.use('/api', express.json({ limit: SMALL_JSON }));
  app.use('/api', taskRoutes(deps));
  app.use('/api', masterDataRoutes(deps));
  app.use('/api', runRoutes(deps));
  app.use('/api', peopleRoutes(deps));
  app.use('/api', notificationRoutes(deps));
  app.use('/api', alertRoutes(deps));
  app.use('/api', scheduleRoutes(deps));
  app.use((req, _res, next) => next(new HttpError(404, 'not_found', `No route ${req.method} ${req.path}.`)));
  app.use(errorHandler(logger));
  return app;
}
