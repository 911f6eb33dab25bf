/**
 * The one typed configuration, parsed from the environment. Every variable here is listed in
 * `.env.example` and the README's configuration table.
 */
import path from 'node:path';
import { z } from 'zod';
import { parseDuration } from '../domain/duration.js';
import { EMBEDDED_PROVIDERS, EnrichmentField, ProviderName } from '../domain/leads/enrichment.js';
import { isRole, type Role } from '../domain/roles.js';
import { parsePayloadKeys, type PayloadKey } from './payload-codec.js';

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const ms = parseDuration(text);
      if (ms === undefined || ms <= 0) {
        ctx.addIssue({ code: 'custom', message: `"${text}" is not a duration such as 30s, 15m, 24h or 7d` });
        return z.NEVER;
      }
      return ms;
    });

const flag = (fallback: 'true' | 'false') =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
    .default(fallback)
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** The entries of a comma-separated list, trimmed, empty ones dropped. */
const listEntries = (text: string | undefined): string[] =>
  (text ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: optionalText,
  DATA_DIR: z.string().default('.data'),
  DATABASE_FILE: optionalText,
  DATABASE_URL: optionalText,
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalText,
  OTEL_SERVICE_NAME: optionalText,
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  METRICS_HOST: optionalText,
  METRICS_TOKEN: optionalText,
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
  MAX_DOCUMENT_MB: z.coerce.number().positive().default(10),

  TEMPORAL_ADDRESS: z.string().default('localhost:7233'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_API_KEY: optionalText,
  TEMPORAL_TLS: flag('false'),
  TEMPORAL_TLS_CERT_PATH: optionalText,
  TEMPORAL_TLS_KEY_PATH: optionalText,
  TEMPORAL_TLS_CA_PATH: optionalText,
  TEMPORAL_TLS_SERVER_NAME: optionalText,
  TEMPORAL_UI_URL: z.string().default('http://localhost:8233'),
  TEMPORAL_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233),
  TEMPORAL_CLI: optionalText,
  INVOICE_TASK_QUEUE: z.string().min(1).default('invoices'),
  WORKFLOW_CACHE_SIZE: z.coerce.number().int().min(0).max(100_000).default(100),

  OPENAI_API_KEY: optionalText,
  OPENAI_BASE_URL: optionalText,
  OPENAI_MODEL: z.string().default('gpt-4o-mini'),
  OPENAI_TIMEOUT: duration('60s'),

  AUTH_TOKENS: optionalText,
  DECISION_SIGNING_KEY: optionalText,
  PAYLOAD_KEYS: optionalText,
  CODEC_ROLES: z.string().default('admin'),
  DECISION_TIMEOUT: duration('10s'),
  AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  SUBMISSIONS_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  MAX_PENDING_DOCUMENTS_PER_USER: z.coerce.number().int().min(1).default(200),
  MAX_CONCURRENT_UPLOADS: z.coerce.number().int().min(1).default(8),
  UPLOAD_WAIT: duration('10s'),
  MAX_LINE_ITEMS: z.coerce.number().int().min(1).max(10_000).default(1000),
  PARSER_THREADS: z.coerce.number().int().min(1).max(16).default(1),
  PARSER_TIMEOUT: duration('30s'),

  SMTP_URL: optionalText,
  MAIL_FROM: z.string().default('Business processes <noreply@localhost>'),
  TWILIO_ACCOUNT_SID: optionalText,
  TWILIO_AUTH_TOKEN: optionalText,
  TWILIO_FROM: optionalText,
  TWILIO_BASE_URL: z.string().default('https://api.twilio.com'),
  RELAY_INTERVAL: duration('1s'),
  DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  DELIVERY_LEASE: duration('60s'),

  SMTP_IN_ENABLED: flag('true'),
  SMTP_IN_HOST: optionalText,
  SMTP_IN_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
  EMAIL_IN_ALLOWED_SENDERS: optionalText,
  EMAIL_IN_AUTH: optionalText,
  EMAIL_IN_RETRY: duration('30s'),

  WEBHOOK_SECRET: optionalText,
  WEBHOOK_SECRETS: optionalText,
  ALERT_PAUSE_FOR: duration('2m'),
  ALERT_ACK_TIMEOUT: duration('1h'),
  ALERT_LINK_TTL: duration('24h'),
  ALERT_EVENTS_PER_RUN: z.coerce.number().int().min(10).max(100_000).default(2000),

  APPROVAL_AUTO_APPROVE_BELOW: z.coerce.number().nonnegative().default(1000),
  APPROVAL_MANAGER_LIMIT: z.coerce.number().nonnegative().default(10000),
  APPROVAL_REMINDER_AFTER: duration('24h'),
  APPROVAL_ESCALATE_AFTER: duration('48h'),
  APPROVAL_DEADLINE: duration('7d'),

  ENRICHMENT_PROVIDERS: z.string().default('directory,heuristics'),
  ENRICHMENT_REQUIRED_FIELDS: z.string().default('company,industry,employees,country,seniority'),
  ENRICHMENT_CACHE_TTL: duration('90d'),
  ENRICHMENT_RATE_LIMITS: optionalText,
  ENRICHMENT_COOLDOWN: duration('5m'),
  PDL_API_KEY: optionalText,
  PDL_BASE_URL: z.string().default('https://api.peopledatalabs.com'),
  HUNTER_API_KEY: optionalText,
  HUNTER_BASE_URL: z.string().default('https://api.hunter.io'),
  APOLLO_API_KEY: optionalText,
  APOLLO_BASE_URL: z.string().default('https://api.apollo.io'),
  LEADS_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(20),
  LEADS_REMIND_AFTER: duration('1d'),
  LEADS_REASSIGN_AFTER: duration('3d'),

  CONTENT_MAX_REDRAFTS: z.coerce.number().int().min(0).max(10).default(2),
  CONTENT_MAX_REVISIONS: z.coerce.number().int().min(0).max(20).default(3),
  CONTENT_READABILITY_TARGET: z.coerce.number().min(0).max(100).default(40),
  CONTENT_DUPLICATE_THRESHOLD: z.coerce.number().gt(0).max(1).default(0.5),
  CONTENT_LINK_TIMEOUT: duration('5s'),
  CONTENT_REMIND_AFTER: duration('1d'),
  CONTENT_ESCALATE_AFTER: duration('2d'),
  CONTENT_REVIEW_DEADLINE: duration('14d'),
  CONTENT_PUBLISH_URL: optionalText,
  CONTENT_PUBLISH_SECRET: optionalText,
});

/** Requests per second a remote provider is asked at most, across all workers, unless ENRICHMENT_RATE_LIMITS says otherwise. */
const DEFAULT_PROVIDER_RATE = 10;

/**
 * The decision-signing key outside production when DECISION_SIGNING_KEY is unset: every process of a
 * development stack agrees on it without setup. Production refuses to start without a real one.
 */
const DEVELOPMENT_DECISION_KEY = 'development-only-decision-signing-key-not-secret';

/** The parsed configuration every process uses. */
export interface AppConfig {
  env: 'development' | 'production' | 'test';
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  http: { host: string; port: number; publicUrl: string | undefined; maxDocumentBytes: number };
  dataDir: string;
  /** The application database: a `postgres://` URL (DATABASE_URL) or a SQLite file. */
  database: string;
  /** Connections each process keeps to PostgreSQL. */
  databasePoolSize: number;
  /** A worker's /metrics, /healthz and /readyz (off without a port); the API serves /metrics on its own port. A token, when set, is required as a bearer. */
  metrics: { host: string; port: number | undefined; token: string | undefined };
  /** OpenTelemetry tracing to an OTLP/HTTP receiver (off without an endpoint). */
  tracing: { endpoint: string | undefined; serviceName: string | undefined };
  temporal: {
    address: string;
    namespace: string;
    apiKey: string | undefined;
    tls: { enabled: boolean; certPath?: string; keyPath?: string; caPath?: string; serverName?: string };
    uiUrl: string;
    uiPort: number;
    cli: string | undefined;
    taskQueue: string;
    /** Workflows a worker keeps in memory between their tasks (the sticky cache); the others are replayed from history when they next move. */
    cacheSize: number;
  };
  openai: { apiKey: string | undefined; baseUrl: string | undefined; model: string; timeoutMs: number };
  authTokens: string | undefined;
  /** The key the API signs decisions with and the worker verifies them with (HMAC-SHA256). */
  decisionSigningKey: string;
  /** The keys of the payload codec: the first encrypts, all decrypt (PAYLOAD_KEYS); empty: plain payloads. */
  payloadKeys: PayloadKey[];
  /** Who may decode payloads through the codec server (the Temporal UI's codec endpoint). */
  codecRoles: Role[];
  /** How long the API waits for a workflow to confirm a decision before answering 503. */
  decisionTimeoutMs: number;
  limits: {
    authFailuresPerMinute: number;
    submissionsPerMinute: number;
    pendingDocumentsPerUser: number;
    concurrentUploads: number;
    uploadWaitMs: number;
    lineItems: number;
  };
  parser: { threads: number; timeoutMs: number };
  notifications: {
    smtpUrl: string | undefined;
    mailFrom: string;
    twilio: { accountSid: string; authToken: string; from: string; baseUrl: string } | undefined;
    relayIntervalMs: number;
    maxAttempts: number;
    leaseMs: number;
  };
  alerts: {
    /** The shared secret of signed webhooks (X-Signature, X-Timestamp); unset: bearer tokens only. */
    webhookSecret: string | undefined;
    /** Secrets per sending source (X-Webhook-Source names it): each monitor its own, revocable alone. */
    webhookSecrets: Map<string, string>;
    pauseForMs: number;
    ackTimeoutMs: number;
    eventsPerRun: number;
  };
  /** Mail in: the SMTP listener, who may send to it, optional SMTP AUTH users, how soon a failed start is retried. */
  emailIn: {
    enabled: boolean;
    host: string;
    port: number;
    /** Lower-case addresses and domains; empty: any sender. */
    allowedSenders: string[];
    /** user -> password; empty: no SMTP AUTH. */
    users: Map<string, string>;
    retryMs: number;
    /** How long one start of a stored mail may wait for Temporal before it is retried later (10 s unless set in code). */
    startTimeoutMs?: number;
  };
  /** Links in messages: the API's public URL and how long an acknowledge link is valid. */
  links: { baseUrl: string; ttlMs: number };
  /** Lead enrichment: the providers in waterfall order (with their keys), what must be found, the cache, the limits. */
  leads: LeadsConfig;
  /** Content production: the gates' targets, the redraft and revision limits, review timers, where pieces are published. */
  content: {
    maxRedrafts: number;
    maxRevisions: number;
    readabilityTarget: number;
    duplicateThreshold: number;
    linkTimeoutMs: number;
    remindAfterMs: number;
    escalateAfterMs: number;
    reviewDeadlineMs: number;
    /** A CMS webhook; absent: the project's own published-content store. */
    publishUrl?: string | undefined;
    publishSecret?: string | undefined;
  };
  approvals: {
    autoApproveBelow: number;
    managerLimit: number;
    reminderAfterMs: number;
    escalateAfterMs: number;
    deadlineMs: number;
  };
}

/** A remote provider's account. */
export interface ProviderAccount {
  apiKey: string;
  baseUrl: string;
  /** Requests per second, across every worker. */
  ratePerSecond: number;
}

/** The lead process's settings. */
export interface LeadsConfig {
  providers: ProviderName[];
  accounts: Partial<Record<ProviderName, ProviderAccount>>;
  required: EnrichmentField[];
  cacheTtlMs: number;
  cooldownMs: number;
  concurrency: number;
  remindAfterMs: number;
  reassignAfterMs: number;
}

/** Raised when the environment does not describe a valid configuration; names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** Parse the configuration from an environment (by default the process's). */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (e.APPROVAL_MANAGER_LIMIT < e.APPROVAL_AUTO_APPROVE_BELOW) {
    problems.push('APPROVAL_MANAGER_LIMIT: must not be below APPROVAL_AUTO_APPROVE_BELOW');
  }
  if (!(e.APPROVAL_REMINDER_AFTER < e.APPROVAL_ESCALATE_AFTER && e.APPROVAL_ESCALATE_AFTER < e.APPROVAL_DEADLINE)) {
    problems.push('APPROVAL_REMINDER_AFTER < APPROVAL_ESCALATE_AFTER < APPROVAL_DEADLINE must hold');
  }
  if (e.NODE_ENV === 'production' && !e.AUTH_TOKENS) {
    problems.push('AUTH_TOKENS: required when NODE_ENV=production (development tokens are never active there)');
  }
  if (e.NODE_ENV === 'production' && !e.DECISION_SIGNING_KEY) {
    problems.push('DECISION_SIGNING_KEY: required when NODE_ENV=production (the API and the workers must share it)');
  }
  if (e.NODE_ENV === 'production' && !e.PAYLOAD_KEYS) {
    problems.push('PAYLOAD_KEYS: required when NODE_ENV=production (the API and the workers must share them): <id>:<base64 of 32 bytes>');
  }
  const payload = e.PAYLOAD_KEYS ? parsePayloadKeys(e.PAYLOAD_KEYS) : { keys: [], problems: [] };
  problems.push(...payload.problems);
  const codecRoles = listEntries(e.CODEC_ROLES);
  for (const role of codecRoles) if (!isRole(role)) problems.push(`CODEC_ROLES: "${role}" is not a role`);
  if (e.DECISION_SIGNING_KEY && e.DECISION_SIGNING_KEY.length < 32) {
    problems.push('DECISION_SIGNING_KEY: must be at least 32 characters');
  }
  if ([e.TWILIO_ACCOUNT_SID, e.TWILIO_AUTH_TOKEN, e.TWILIO_FROM].filter(Boolean).length % 3 !== 0) {
    problems.push('TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM: set all three for SMS, or none');
  }
  if (e.WEBHOOK_SECRET && e.WEBHOOK_SECRET.length < 16) {
    problems.push('WEBHOOK_SECRET: must be at least 16 characters');
  }
  const webhookSecrets = new Map<string, string>();
  for (const entry of listEntries(e.WEBHOOK_SECRETS)) {
    const match = /^([A-Za-z0-9._-]+)=(.{16,})$/.exec(entry);
    if (!match) problems.push('WEBHOOK_SECRETS: a comma-separated list of source=secret, each secret at least 16 characters');
    else webhookSecrets.set(match[1]!, match[2]!);
  }
  const users = new Map<string, string>();
  for (const entry of listEntries(e.EMAIL_IN_AUTH)) {
    const at = entry.indexOf(':');
    if (at <= 0 || at === entry.length - 1) problems.push('EMAIL_IN_AUTH: a comma-separated list of user:password');
    else users.set(entry.slice(0, at), entry.slice(at + 1));
  }
  const leads = leadsConfig(e, problems);
  if (e.CONTENT_PUBLISH_URL && !/^https?:\/\//.test(e.CONTENT_PUBLISH_URL)) problems.push('CONTENT_PUBLISH_URL: an http or https URL');
  if (e.CONTENT_PUBLISH_URL && (e.CONTENT_PUBLISH_SECRET ?? '').length < 16)
    problems.push('CONTENT_PUBLISH_SECRET: required with CONTENT_PUBLISH_URL, at least 16 characters (the CMS checks the signature)');
  if (e.OTEL_EXPORTER_OTLP_ENDPOINT && !/^https?:\/\//.test(e.OTEL_EXPORTER_OTLP_ENDPOINT))
    problems.push('OTEL_EXPORTER_OTLP_ENDPOINT: the http(s) URL of an OTLP/HTTP receiver, e.g. http://otel-collector:4318');
  if (e.DATABASE_URL && !/^postgres(ql)?:\/\/[^/]+/i.test(e.DATABASE_URL)) problems.push('DATABASE_URL: a postgres://user:password@host:port/database URL');
  if (problems.length > 0) throw new ConfigError(problems);

  const dataDir = path.resolve(e.DATA_DIR);
  return {
    env: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    http: { host: e.HOST, port: e.PORT, publicUrl: e.PUBLIC_URL, maxDocumentBytes: Math.round(e.MAX_DOCUMENT_MB * 1024 * 1024) },
    dataDir,
    database: e.DATABASE_URL ?? (e.DATABASE_FILE ? path.resolve(e.DATABASE_FILE) : path.join(dataDir, 'app.db')),
    databasePoolSize: e.DATABASE_POOL_SIZE,
    metrics: { host: e.METRICS_HOST ?? e.HOST, port: e.METRICS_PORT, token: e.METRICS_TOKEN },
    tracing: { endpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: e.OTEL_SERVICE_NAME },
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      apiKey: e.TEMPORAL_API_KEY,
      tls: {
        enabled: e.TEMPORAL_TLS || Boolean(e.TEMPORAL_TLS_CERT_PATH) || Boolean(e.TEMPORAL_API_KEY),
        certPath: e.TEMPORAL_TLS_CERT_PATH,
        keyPath: e.TEMPORAL_TLS_KEY_PATH,
        caPath: e.TEMPORAL_TLS_CA_PATH,
        serverName: e.TEMPORAL_TLS_SERVER_NAME,
      },
      uiUrl: e.TEMPORAL_UI_URL.replace(/\/+$/, ''),
      uiPort: e.TEMPORAL_UI_PORT,
      cli: e.TEMPORAL_CLI,
      taskQueue: e.INVOICE_TASK_QUEUE,
      cacheSize: e.WORKFLOW_CACHE_SIZE,
    },
    openai: { apiKey: e.OPENAI_API_KEY, baseUrl: e.OPENAI_BASE_URL, model: e.OPENAI_MODEL, timeoutMs: e.OPENAI_TIMEOUT },
    authTokens: e.AUTH_TOKENS,
    decisionSigningKey: e.DECISION_SIGNING_KEY ?? DEVELOPMENT_DECISION_KEY,
    payloadKeys: payload.keys,
    codecRoles: codecRoles.filter(isRole),
    decisionTimeoutMs: e.DECISION_TIMEOUT,
    limits: {
      authFailuresPerMinute: e.AUTH_FAILURES_PER_MINUTE,
      submissionsPerMinute: e.SUBMISSIONS_PER_MINUTE,
      pendingDocumentsPerUser: e.MAX_PENDING_DOCUMENTS_PER_USER,
      concurrentUploads: e.MAX_CONCURRENT_UPLOADS,
      uploadWaitMs: e.UPLOAD_WAIT,
      lineItems: e.MAX_LINE_ITEMS,
    },
    parser: { threads: e.PARSER_THREADS, timeoutMs: e.PARSER_TIMEOUT },
    notifications: {
      smtpUrl: e.SMTP_URL,
      mailFrom: e.MAIL_FROM,
      twilio:
        e.TWILIO_ACCOUNT_SID && e.TWILIO_AUTH_TOKEN && e.TWILIO_FROM
          ? { accountSid: e.TWILIO_ACCOUNT_SID, authToken: e.TWILIO_AUTH_TOKEN, from: e.TWILIO_FROM, baseUrl: e.TWILIO_BASE_URL }
          : undefined,
      relayIntervalMs: e.RELAY_INTERVAL,
      maxAttempts: e.DELIVERY_MAX_ATTEMPTS,
      leaseMs: e.DELIVERY_LEASE,
    },
    alerts: {
      webhookSecret: e.WEBHOOK_SECRET,
      webhookSecrets,
      pauseForMs: e.ALERT_PAUSE_FOR,
      ackTimeoutMs: e.ALERT_ACK_TIMEOUT,
      eventsPerRun: e.ALERT_EVENTS_PER_RUN,
    },
    emailIn: {
      enabled: e.SMTP_IN_ENABLED,
      host: e.SMTP_IN_HOST ?? e.HOST,
      port: e.SMTP_IN_PORT,
      allowedSenders: listEntries(e.EMAIL_IN_ALLOWED_SENDERS).map((x) => x.toLowerCase().replace(/^@/, '')),
      users,
      retryMs: e.EMAIL_IN_RETRY,
    },
    links: { baseUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''), ttlMs: e.ALERT_LINK_TTL },
    leads,
    content: {
      maxRedrafts: e.CONTENT_MAX_REDRAFTS,
      maxRevisions: e.CONTENT_MAX_REVISIONS,
      readabilityTarget: e.CONTENT_READABILITY_TARGET,
      duplicateThreshold: e.CONTENT_DUPLICATE_THRESHOLD,
      linkTimeoutMs: e.CONTENT_LINK_TIMEOUT,
      remindAfterMs: e.CONTENT_REMIND_AFTER,
      escalateAfterMs: e.CONTENT_ESCALATE_AFTER,
      reviewDeadlineMs: e.CONTENT_REVIEW_DEADLINE,
      publishUrl: e.CONTENT_PUBLISH_URL,
      publishSecret: e.CONTENT_PUBLISH_SECRET,
    },
    approvals: {
      autoApproveBelow: e.APPROVAL_AUTO_APPROVE_BELOW,
      managerLimit: e.APPROVAL_MANAGER_LIMIT,
      reminderAfterMs: e.APPROVAL_REMINDER_AFTER,
      escalateAfterMs: e.APPROVAL_ESCALATE_AFTER,
      deadlineMs: e.APPROVAL_DEADLINE,
    },
  };
}

/** The lead settings, every problem with them added to `problems`. */
function leadsConfig(e: z.infer<typeof EnvSchema>, problems: string[]): LeadsConfig {
  const providers: ProviderName[] = [];
  for (const name of listEntries(e.ENRICHMENT_PROVIDERS).map((p) => p.toLowerCase())) {
    const parsed = ProviderName.safeParse(name);
    if (!parsed.success) problems.push(`ENRICHMENT_PROVIDERS: "${name}" is not a provider; the providers are ${ProviderName.options.join(', ')}`);
    else if (!providers.includes(parsed.data)) providers.push(parsed.data);
  }
  const rates = new Map<string, number>();
  for (const entry of listEntries(e.ENRICHMENT_RATE_LIMITS)) {
    const match = /^([a-z]+)=(\d+(?:\.\d+)?)$/.exec(entry);
    if (!match || Number(match[2]) <= 0) problems.push('ENRICHMENT_RATE_LIMITS: a comma-separated list of provider=requests per second (pdl=10,hunter=5)');
    else rates.set(match[1]!, Number(match[2]));
  }
  const keys: Record<string, { apiKey: string | undefined; baseUrl: string; variable: string }> = {
    pdl: { apiKey: e.PDL_API_KEY, baseUrl: e.PDL_BASE_URL, variable: 'PDL_API_KEY' },
    hunter: { apiKey: e.HUNTER_API_KEY, baseUrl: e.HUNTER_BASE_URL, variable: 'HUNTER_API_KEY' },
    apollo: { apiKey: e.APOLLO_API_KEY, baseUrl: e.APOLLO_BASE_URL, variable: 'APOLLO_API_KEY' },
  };
  const accounts: Partial<Record<ProviderName, ProviderAccount>> = {};
  for (const name of providers) {
    if (EMBEDDED_PROVIDERS.has(name)) continue;
    const key = keys[name]!;
    if (!key.apiKey) problems.push(`${key.variable}: required when ENRICHMENT_PROVIDERS names ${name}`);
    else accounts[name] = { apiKey: key.apiKey, baseUrl: key.baseUrl.replace(/\/+$/, ''), ratePerSecond: rates.get(name) ?? DEFAULT_PROVIDER_RATE };
  }
  const required: EnrichmentField[] = [];
  for (const name of listEntries(e.ENRICHMENT_REQUIRED_FIELDS)) {
    const parsed = EnrichmentField.safeParse(name);
    if (!parsed.success) problems.push(`ENRICHMENT_REQUIRED_FIELDS: "${name}" is not a field; the fields are ${EnrichmentField.options.join(', ')}`);
    else required.push(parsed.data);
  }
  return {
    providers,
    accounts,
    required,
    cacheTtlMs: e.ENRICHMENT_CACHE_TTL,
    cooldownMs: e.ENRICHMENT_COOLDOWN,
    concurrency: e.LEADS_CONCURRENCY,
    remindAfterMs: e.LEADS_REMIND_AFTER,
    reassignAfterMs: e.LEADS_REASSIGN_AFTER,
  };
}
