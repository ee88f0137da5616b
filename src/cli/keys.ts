// npm run keys -- create --name billing-sync [--read-only] | list | revoke <id or prefix>
// Keys for the provider API (/api/provider/v1). On the embedded database stop `npm start` first.
import { parseArgs } from 'node:util';
import { createApiKey } from '../api-keys/create-api-key.js';
import { listApiKeys } from '../api-keys/list-api-keys.js';
import { revokeApiKey } from '../api-keys/revoke-api-key.js';
import { AppError } from '../domain/errors.js';
import { openDatabase } from './open-database.js';

const usage = `Usage:
  npm run keys -- create --name <name> [--read-only]
  npm run keys -- list
  npm run keys -- revoke <id or prefix>`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { name: { type: 'string' }, 'read-only': { type: 'boolean', default: false } },
});
const [command, target] = positionals;
const name = values.name?.trim() ?? '';
if (
  !(
    command === 'list' ||
    (command === 'create' && /^[\w .-]{1,60}$/.test(name)) ||
    (command === 'revoke' && target)
  )
) {
  console.error(usage);
  process.exit(2);
}

const db = await openDatabase();
try {
  if (command === 'create') {
    const key = await createApiKey({ db, name, scope: values['read-only'] ? 'read' : 'read_write' });
    console.log(
      `Created API key "${key.name}" (${key.scope === 'read' ? 'read-only' : 'read and write'}), id ${key.id}`,
    );
    console.log('The secret is shown this once; keep it in your secret store:');
    console.log(key.secret);
  } else if (command === 'list') {
    const keys = await listApiKeys({ db });
    if (keys.length === 0) console.log('No API keys yet: npm run keys -- create --name <name>');
    for (const key of keys)
      console.log(
        [
          key.prefix.padEnd(14),
          key.name.padEnd(24),
          (key.scope === 'read' ? 'read-only' : 'read-write').padEnd(11),
          `created ${key.createdAt.toISOString()}`,
          key.lastUsedAt ? `last used ${key.lastUsedAt.toISOString()}` : 'never used',
          key.revokedAt ? `REVOKED ${key.revokedAt.toISOString()}` : 'active',
        ].join('  '),
      );
  } else {
    const revoked = await revokeApiKey({ db, idOrPrefix: target ?? '' });
    console.log(`Revoked API key "${revoked.name}": calls with it are refused from now on.`);
  }
} catch (error) {
  if (!(error instanceof AppError && error.code === 'not_found')) throw error;
  console.error(`No API key with the id or prefix ${target}`);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
