/** The Express application: REST -> Temporal client (start, signal, query) and reads of the database. */
import express, { type Express } from 'express';
import swaggerUi from 'swagger-ui-express';
import { authenticate, tokenTable } from './auth.js';
import type { ApiDeps } from './deps.js';
import { errorHandler, HttpError } from './errors.js';
import { openApiDocument } from './openapi.js';
import { approvalRoutes } from './routes/approvals.js';
import { healthRoutes } from './routes/health.js';
import { invoiceRoutes } from './routes/invoices.js';
import { masterDataRoutes } from './routes/master-data.js';

/** Build the app. Throws at once when AUTH_TOKENS is malformed. */
export function createApp(deps: ApiDeps): Express {
  const { config, logger } = deps;
  const tokens = tokenTable(config.authTokens, config.env);
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');

  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info({ method: req.method, url: req.originalUrl, status: res.statusCode, ms: Math.round(ms), user: req.caller?.user }, 'request');
    });
    next();
  });
  app.use(express.json({ limit: config.http.maxDocumentBytes }));

  const publicUrl = config.http.publicUrl ?? `http://localhost:${config.http.port}`;
  const document = openApiDocument(publicUrl);
  app.get('/api/openapi.json', (_req, res) => {
    res.json(document);
  });
  app.use('/docs', swaggerUi.serve, swaggerUi.setup(document, { customSiteTitle: 'Business processes API' }));
  app.get('/', (_req, res) => {
    res.json({ name: 'durable business processes', docs: '/docs', openapi: '/api/openapi.json', health: '/api/health', temporalUi: config.temporal.uiUrl });
  });

  app.use('/api', healthRoutes(deps));
  app.use('/api', authenticate(tokens));
  app.use('/api', invoiceRoutes(deps));
  app.use('/api', approvalRoutes(deps));
  app.use('/api', masterDataRoutes(deps));
  app.use((req, _res, next) => next(new HttpError(404, 'not_found', `No route ${req.method} ${req.path}.`)));
  app.use(errorHandler(logger));
  return app;
}
