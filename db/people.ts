/** The people directory: who holds which roles, and on which channels each person is reached. */
import type { Channel, NewPerson, Person, PersonChange } from '../domain/people.js';
import type { Role } from '../domain/roles.js';
import type { Identity } from '../config/tokens.js';
import type { Db } from './connect.js';
import type { PeopleTable } from './schema.js';
import { ConflictError, nowIso, type Page, transact } from './util.js';

function toPerson(row: PeopleTable): Person {
  return {
    user: row.user_name,
    name: row.name,
    roles: JSON.parse(row.roles) as Role[],
    ...(row.email !== null && { email: row.email }),
    ...(row.phone !== null && { phone: row.phone }),
    ...(row.slack_webhook_url !== null && { slackWebhookUrl: row.slack_webhook_url }),
    channels: JSON.parse(row.channels) as Channel[],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * Add everyone the tokens name who is not in the directory yet, with the tokens' roles and the
 * inbox as their only channel. People already there are left as they are: the directory is where
 * roles and channels are kept once a person exists.
 */
export async function seedPeople(db: Db, identities: Identity[]): Promise<void> {
  const now = nowIso();
  for (const identity of identities) {
    await db
      .insertInto('people')
      .values({
        user_name: identity.user,
        name: identity.user,
        roles: JSON.stringify(identity.roles),
        email: null,
        phone: null,
        slack_webhook_url: null,
        channels: JSON.stringify(['inbox']),
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('user_name').doNothing())
      .execute();
  }
}

/** A person by user name. */
export async function getPerson(db: Db, user: string): Promise<Person | undefined> {
  const row = await db.selectFrom('people').selectAll().where('user_name', '=', user).executeTakeFirst();
  return row && toPerson(row);
}

/** Everyone in the directory (for routing messages and deciding who may act). */
export async function allPeople(db: Db): Promise<Person[]> {
  return (await db.selectFrom('people').selectAll().orderBy('user_name').execute()).map(toPerson);
}

/** People by user name, a page at a time. */
export async function listPeople(db: Db, limit: number, offset: number): Promise<Page<Person>> {
  const rows = await db.selectFrom('people').selectAll().orderBy('user_name').limit(limit).offset(offset).execute();
  const { count } = await db
    .selectFrom('people')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return { items: rows.map(toPerson), total: Number(count), limit, offset };
}

/** Add a person; a user name already in the directory is a conflict. */
export async function createPerson(db: Db, person: NewPerson): Promise<Person> {
  return transact(db, async (trx) => {
    const clash = await trx.selectFrom('people').select('user_name').where('user_name', '=', person.user).executeTakeFirst();
    if (clash) throw new ConflictError(`${person.user} is already in the people directory`, 'user');
    const now = nowIso();
    const row: PeopleTable = {
      user_name: person.user,
      name: person.name,
      roles: JSON.stringify(person.roles),
      email: person.email ?? null,
      phone: person.phone ?? null,
      slack_webhook_url: person.slackWebhookUrl ?? null,
      channels: JSON.stringify(person.channels),
      created_at: now,
      updated_at: now,
    };
    await trx.insertInto('people').values(row).execute();
    return toPerson(row);
  });
}

/** Change a person; undefined when there is no such person. */
export async function updatePerson(db: Db, user: string, change: PersonChange): Promise<Person | undefined> {
  await db
    .updateTable('people')
    .set({
      ...(change.name !== undefined && { name: change.name }),
      ...(change.roles !== undefined && { roles: JSON.stringify(change.roles) }),
      ...(change.email !== undefined && { email: change.email }),
      ...(change.phone !== undefined && { phone: change.phone }),
      ...(change.slackWebhookUrl !== undefined && { slack_webhook_url: change.slackWebhookUrl }),
      ...(change.channels !== undefined && { channels: JSON.stringify(change.channels) }),
      updated_at: nowIso(),
    })
    .where('user_name', '=', user)
    .execute();
  return getPerson(db, user);
}
