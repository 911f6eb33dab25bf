/** The people directory: who holds which roles and where each person is reached (admin only). */
import { Router } from 'express';
import { NewPerson, PersonChange } from '../../domain/people.js';
import { createPerson, getPerson, listPeople, updatePerson } from '../../db/people.js';
import { callerOf, requireRole } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { HttpError } from '../errors.js';
import { Pagination } from '../schemas.js';
import { parseOr400 } from '../validate.js';

/** The people routes. */
export function peopleRoutes(deps: ApiDeps): Router {
  const { db } = deps;
  const router = Router();
  // requireRole lets admin through; no other role may see or change the directory.
  const admins = requireRole('admin');

  // Who the caller is (any role): the inbox page shows it and picks what to offer.
  router.get('/me', async (req, res) => {
    const caller = callerOf(req);
    const person = await getPerson(db, caller.user);
    res.json({ user: caller.user, name: person?.name ?? caller.user, roles: caller.roles });
  });

  router.post('/people', admins, async (req, res) => {
    res.status(201).json(await createPerson(db, parseOr400(NewPerson, req.body)));
  });

  router.get('/people', admins, async (req, res) => {
    const { limit, offset } = parseOr400(Pagination, req.query, 'query');
    res.json(await listPeople(db, limit, offset));
  });

  router.get('/people/:user', admins, async (req, res) => {
    const { user } = req.params as { user: string };
    const person = await getPerson(db, user);
    if (!person) throw new HttpError(404, 'not_found', `No person ${user}.`, 'user');
    res.json(person);
  });

  router.patch('/people/:user', admins, async (req, res) => {
    const { user } = req.params as { user: string };
    const change = parseOr400(PersonChange, req.body);
    const person = await getPerson(db, user);
    if (!person) throw new HttpError(404, 'not_found', `No person ${user}.`, 'user');
    // The person as changed must still be reachable on every channel they list.
    const { createdAt: _c, updatedAt: _u, ...current } = person;
    const merged = Object.fromEntries(Object.entries({ ...current, ...change }).filter(([, v]) => v !== null));
    parseOr400(NewPerson, merged);
    res.json(await updatePerson(db, person.user, change));
  });

  return router;
}
