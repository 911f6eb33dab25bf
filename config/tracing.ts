/**
 * OpenTelemetry tracing, on when OTEL_EXPORTER_OTLP_ENDPOINT is set: spans go to that OTLP/HTTP
 * receiver (`/v1/traces`, JSON). The API opens a span per HTTP request; the Temporal client
 * interceptor carries its context into the workflow's headers; the worker's plugin (the Temporal
 * OpenTelemetry interceptors) continues it through the workflow and each activity, so one trace
 * tells a request's whole story.
 */
import { context, SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { OpenTelemetryPlugin, OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import type { RequestHandler } from 'express';
import type { AppConfig } from './index.js';

/** Tracing as set up in this process. */
export interface Tracing {
  tracer: Tracer;
  /** For a Temporal client: starts and signals carry the current span. */
  clientInterceptors: { workflow: OpenTelemetryWorkflowClientInterceptor[] };
  /** For a worker: spans of workflows and activities, continuing the caller's trace. */
  workerPlugin: OpenTelemetryPlugin;
  /** Send what is buffered and stop. */
  shutdown(): Promise<void>;
}

let current: Tracing | undefined;

/** Set tracing up once per process when configured (undefined otherwise); `service` names the process in the traces. */
export function setupTracing(config: Pick<AppConfig, 'tracing'>, service: string): Tracing | undefined {
  if (current || !config.tracing.endpoint) return current;
  const resource = new Resource({ 'service.name': config.tracing.serviceName ?? `business-processes-${service}` });
  const exporter = new OTLPTraceExporter({ url: `${config.tracing.endpoint.replace(/\/+$/, '')}/v1/traces` });
  const spanProcessor = new BatchSpanProcessor(exporter, { scheduledDelayMillis: 500 });
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register();
  const tracer = trace.getTracer('business-processes');
  current = {
    tracer,
    clientInterceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor({ tracer })] },
    workerPlugin: new OpenTelemetryPlugin({ resource, spanProcessor, tracer }),
    shutdown: () => provider.shutdown(),
  };
  return current;
}

/** Tracing in this process, if it was set up. */
export const tracing = (): Tracing | undefined => current;

/**
 * A server span per HTTP request, named by its route template once answered (`POST /api/invoices`),
 * active while the request is handled so that the workflows it starts join its trace.
 */
export function httpSpans(tracer: Tracer, routeOf: (req: Parameters<RequestHandler>[0]) => string): RequestHandler {
  return (req, res, next) => {
    const span = tracer.startSpan(`${req.method} ${req.path}`, {
      kind: SpanKind.SERVER,
      attributes: { 'http.request.method': req.method, 'url.path': req.path },
    });
    res.on('finish', () => {
      const route = routeOf(req);
      span.updateName(`${req.method} ${route}`);
      span.setAttributes({ 'http.route': route, 'http.response.status_code': res.statusCode });
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(trace.setSpan(context.active(), span), next);
  };
}
