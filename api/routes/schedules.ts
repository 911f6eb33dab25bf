/**
 * Schedules (admin): Temporal Schedules that start a process on a calendar. Temporal holds each
 * schedule's state, next run times and recent actions; the database keeps what it does not give
 * back as written (the cron lines, the process, the input as given) and who changed it.
 */
import {
  isGrpcServiceError,
  ServiceError,
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  type ScheduleDescription,
  type ScheduleSpec as TemporalSpec,
} from '@temporalio/client';
import { Router } from 'express';
import { deleteSchedule, getSchedule, insertSchedule, listSchedules, updateSchedule, type ScheduleRecord } from '../../db/schedules.js';
import { parseDuration } from '../../domain/duration.js';
import { NewSchedule, ScheduleBackfill, ScheduleChange, ScheduleTrigger, type ScheduleOverlap, type ScheduleSpec } from '../../domain/schedules.js';
import { ProcessStatusKey, ProcessTypeKey } from '../../domain/search-attributes.js';
import { callerOf, requireRole } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { HttpError } from '../errors.js';
import { SCHEDULABLE, schedulableProcess, type Schedulable } from '../schedulable.js';
import { parseOr400 } from '../validate.js';

/** gRPC's status code for a request the server finds invalid. */
const GRPC_INVALID_ARGUMENT = 3;

/** How many upcoming times and recent actions a schedule's view shows. */
const SHOWN = 5;

/** How long an answer waits for Temporal to show a change it accepted. */
const SETTLE_MS = 5_000;

function temporalSpec(spec: ScheduleSpec): TemporalSpec {
  return {
    ...(spec.cron && { cronExpressions: spec.cron }),
    ...(spec.interval && {
      intervals: [{ every: parseDuration(spec.interval.every)!, ...(spec.interval.offset && { offset: parseDuration(spec.interval.offset)! }) }],
    }),
    ...(spec.timezone && { timezone: spec.timezone }),
  };
}

const toTemporalOverlap = (o: ScheduleOverlap) => o.toUpperCase() as Uppercase<ScheduleOverlap>;

/**
 * A spec the server cannot take (minute 61, say) is the request's fault. The client turns the
 * server's "Invalid schedule spec" answer into a TypeError; other INVALID_ARGUMENTs arrive wrapped.
 */
function refusedByTemporal(error: unknown): never {
  if (error instanceof TypeError) throw new HttpError(400, 'invalid_schedule', `Temporal refused the schedule: ${error.message}`, 'spec');
  const grpc = error instanceof ServiceError ? error.cause : error;
  if (isGrpcServiceError(grpc) && Number(grpc.code) === GRPC_INVALID_ARGUMENT) {
    throw new HttpError(400, 'invalid_schedule', `Temporal refused the schedule: ${grpc.details}`, 'spec');
  }
  throw error;
}

function processOf(name: string): Schedulable {
  const s = schedulableProcess(name);
  if (!s)
    throw new HttpError(400, 'invalid_request', `process: "${name}" cannot be scheduled; one of: ${SCHEDULABLE.map((x) => x.process).join(', ')}.`, 'process');
  return s;
}

/** Check the input against the process's start schema (400 naming the field inside `input`). */
function validInput(s: Schedulable, input: unknown): unknown {
  const result = s.input.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = ['input', ...issue.path.map(String)].join('.');
  throw new HttpError(400, 'invalid_request', `${field}: ${issue.message}`, field);
}

/** The schedule routes. */
export function scheduleRoutes(deps: ApiDeps): Router {
  const { db, client, config } = deps;
  const router = Router();
  router.use('/schedules', requireRole('admin'));

  const action = (s: Schedulable, scheduleId: string, input: unknown) => ({
    type: 'startWorkflow' as const,
    workflowType: s.workflowType,
    taskQueue: config.temporal.taskQueue,
    // Temporal adds the time of each run to this id.
    workflowId: `${s.process}-${scheduleId}`,
    args: s.args(input, { scheduleId, now: new Date().toISOString() }),
    typedSearchAttributes: [
      { key: ProcessTypeKey, value: s.process },
      { key: ProcessStatusKey, value: s.initialStatus },
    ],
    memo: { scheduleId },
    staticSummary: `${s.summary(input)} (schedule ${scheduleId})`,
  });

  const view = (record: ScheduleRecord, d: ScheduleDescription | undefined) => ({
    id: record.id,
    process: record.process,
    spec: record.spec,
    input: record.input,
    inTemporal: d !== undefined,
    overlap: (d?.policies.overlap?.toLowerCase() ?? null) as ScheduleOverlap | null,
    paused: d?.state.paused ?? null,
    note: d?.state.note || null,
    nextRunTimes: (d?.info.nextActionTimes ?? []).slice(0, SHOWN).map((t) => t.toISOString()),
    recentActions: (d?.info.recentActions ?? []).slice(-SHOWN).map((a) => ({
      scheduledAt: a.scheduledAt.toISOString(),
      takenAt: a.takenAt.toISOString(),
      workflowId: a.action.workflow.workflowId,
      runId: a.action.workflow.firstExecutionRunId,
    })),
    runningWorkflowIds: (d?.info.runningActions ?? []).map((a) => a.workflow.workflowId),
    actionsTaken: d?.info.numActionsTaken ?? 0,
    createdBy: record.createdBy,
    createdAt: record.createdAt,
    updatedBy: record.updatedBy,
    updatedAt: record.updatedAt,
    links: {
      self: `/api/schedules/${encodeURIComponent(record.id)}`,
      temporalUi: `${config.temporal.uiUrl}/namespaces/${encodeURIComponent(config.temporal.namespace)}/schedules/${encodeURIComponent(record.id)}`,
    },
  });

  const describe = async (id: string): Promise<ScheduleDescription | undefined> => {
    try {
      return await client.schedule.getHandle(id).describe();
    } catch (error) {
      if (error instanceof ScheduleNotFoundError) return undefined;
      throw error;
    }
  };

  const existing = async (id: string): Promise<ScheduleRecord> => {
    const record = await getSchedule(db, id);
    if (!record) throw new HttpError(404, 'not_found', `No schedule ${id}.`, 'id');
    return record;
  };

  /** A schedule Temporal knows (404 when it was deleted there). */
  const live = async (id: string) => {
    const record = await existing(id);
    const before = await describe(id);
    if (!before) throw new HttpError(404, 'not_found', `Schedule ${id} is no longer in Temporal (deleted there); DELETE it here.`, 'id');
    return { record, before, handle: client.schedule.getHandle(id) };
  };

  /**
   * Temporal applies a change to a schedule a moment after accepting it, and a describe in that
   * moment still shows the old state. An answer shows the change: describe again until it does
   * (within a few seconds; after that, what Temporal shows).
   */
  const settled = async (id: string, done: (d: ScheduleDescription | undefined) => boolean) => {
    const until = Date.now() + SETTLE_MS;
    for (;;) {
      const d = await describe(id);
      if (done(d) || Date.now() > until) return d;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  router.get('/schedules', async (_req, res) => {
    const records = await listSchedules(db);
    const items = await Promise.all(records.map(async (r) => view(r, await describe(r.id))));
    res.json({
      items,
      processes: SCHEDULABLE.map((s) => ({ process: s.process, description: s.description })),
    });
  });

  router.post('/schedules', async (req, res) => {
    const caller = callerOf(req);
    const body = parseOr400(NewSchedule, req.body);
    const s = processOf(body.process);
    const input = validInput(s, body.input);
    await insertSchedule(db, { id: body.id, process: s.process, spec: body.spec, input, by: caller.user });
    try {
      await client.schedule.create({
        scheduleId: body.id,
        spec: temporalSpec(body.spec),
        action: action(s, body.id, input),
        policies: { overlap: toTemporalOverlap(body.overlap), catchupWindow: '1 day' },
        state: { paused: body.paused, ...(body.note && { note: body.note }) },
        typedSearchAttributes: [{ key: ProcessTypeKey, value: s.process }],
        memo: { process: s.process, createdBy: caller.user },
      });
    } catch (error) {
      await deleteSchedule(db, body.id);
      if (error instanceof ScheduleAlreadyRunning) throw new HttpError(409, 'conflict', `Temporal already has a schedule ${body.id}.`, 'id');
      refusedByTemporal(error);
    }
    res.status(201).json(view((await getSchedule(db, body.id))!, await describe(body.id)));
  });

  router.get('/schedules/:id', async (req, res) => {
    const record = await existing(req.params.id);
    res.json(view(record, await describe(record.id)));
  });

  router.patch('/schedules/:id', async (req, res) => {
    const caller = callerOf(req);
    const change = parseOr400(ScheduleChange, req.body);
    const { record, before, handle } = await live(req.params.id);
    const s = processOf(record.process);
    const input = change.input === undefined ? undefined : validInput(s, change.input);
    const updating = Boolean(change.spec || input !== undefined || change.overlap);
    if (updating) {
      await handle
        .update((prev) => ({
          ...prev,
          ...(change.spec && { spec: temporalSpec(change.spec) }),
          ...(input !== undefined && { action: { ...prev.action, ...action(s, record.id, input) } }),
          policies: { ...prev.policies, ...(change.overlap && { overlap: toTemporalOverlap(change.overlap) }) },
          // The update carries the whole schedule, its pause state included: the state asked for, so
          // that the scheduler applying the update after the (un)pause below cannot undo it.
          ...(change.paused !== undefined && { state: { ...prev.state, paused: change.paused } }),
        }))
        .catch(refusedByTemporal);
    }
    if (change.paused === true) await handle.pause(change.note ?? `Paused by ${caller.user}`);
    else if (change.paused === false) await handle.unpause(change.note ?? `Unpaused by ${caller.user}`);
    else if (change.note !== undefined) await (before.state.paused ? handle.pause(change.note) : handle.unpause(change.note));
    await updateSchedule(db, record.id, { spec: change.spec, input, by: caller.user });
    const after = await settled(
      record.id,
      (d) =>
        d !== undefined &&
        (!updating || d.info.lastUpdatedAt?.getTime() !== before.info.lastUpdatedAt?.getTime()) &&
        (change.paused === undefined || d.state.paused === change.paused) &&
        (change.note === undefined || d.state.note === change.note),
    );
    res.json(view((await getSchedule(db, record.id))!, after));
  });

  router.delete('/schedules/:id', async (req, res) => {
    const record = await existing(req.params.id);
    await client.schedule
      .getHandle(record.id)
      .delete()
      .catch((error: unknown) => {
        if (!(error instanceof ScheduleNotFoundError)) throw error;
      });
    await settled(record.id, (d) => d === undefined);
    await deleteSchedule(db, record.id);
    res.status(204).end();
  });

  router.post('/schedules/:id/trigger', async (req, res) => {
    const body = parseOr400(ScheduleTrigger, req.body);
    const { record, handle } = await live(req.params.id);
    await handle.trigger(body.overlap && toTemporalOverlap(body.overlap));
    res.status(202).json({ id: record.id, action: 'trigger' });
  });

  router.post('/schedules/:id/backfill', async (req, res) => {
    const body = parseOr400(ScheduleBackfill, req.body);
    const { record, handle } = await live(req.params.id);
    await handle.backfill({ start: new Date(body.from), end: new Date(body.to), ...(body.overlap && { overlap: toTemporalOverlap(body.overlap) }) });
    res.status(202).json({ id: record.id, action: 'backfill' });
  });

  return router;
}
