import { and, arrayContains, inArray, or, sql } from 'drizzle-orm';
import { abilityWhere } from '@/db/queries/ability-where';
import { modelVersions, registeredModels, teams, users } from '@/db/schema';
import { AppError } from '../../errors';
import { authorize, type TServiceContext } from '../context';
import type { TSearchModels } from './schemas';
import { modelNameKey, selectModels, type TModelView } from './views';

/** `%text%` for LIKE, with the pattern characters in `text` matched literally. */
function containing(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function decodeCursor(cursor: string): string {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!decoded || Buffer.from(decoded, 'utf8').toString('base64url') !== cursor) {
    throw new AppError('invalid_input', 'The cursor is not one this API returned.');
  }
  return decoded;
}

/**
 * The catalog: models the actor may read, filtered by name, tag, team and creator, in name
 * order, one keyset page at a time (`nextCursor` is null on the last page).
 */
export async function searchModels(
  ctx: TServiceContext,
  input: TSearchModels,
): Promise<{ models: TModelView[]; nextCursor: string | null }> {
  await authorize(ctx, 'read', 'RegisteredModel');
  // Resolved to id sets the planner can hash once, rather than a correlated check per model.
  const creators = input.creator
    ? ctx.db
        .select({ id: users.id })
        .from(users)
        .where(or(sql`lower(${users.email}) like ${containing(input.creator)}`, sql`lower(${users.name}) like ${containing(input.creator)}`))
    : undefined;
  const rows = await selectModels(ctx.db)
    .where(
      and(
        abilityWhere(ctx.ability, 'read', 'RegisteredModel', { id: registeredModels.id, teamId: registeredModels.teamId }),
        input.q ? sql`${modelNameKey} like ${containing(input.q)}` : undefined,
        input.tag ? arrayContains(registeredModels.tags, [input.tag]) : undefined,
        input.team ? sql`lower(${teams.name}) = ${input.team.toLowerCase()}` : undefined,
        creators
          ? or(
              inArray(registeredModels.createdBy, creators),
              inArray(registeredModels.id, ctx.db.select({ id: modelVersions.modelId }).from(modelVersions).where(inArray(modelVersions.createdBy, creators))),
            )
          : undefined,
        input.cursor ? sql`${modelNameKey} > ${decodeCursor(input.cursor)}` : undefined,
      ),
    )
    .orderBy(modelNameKey)
    .limit(input.limit + 1);
  const models = rows.slice(0, input.limit);
  const last = models.at(-1);
  return {
    models,
    nextCursor: rows.length > input.limit && last ? Buffer.from(last.name.toLowerCase(), 'utf8').toString('base64url') : null,
  };
}
