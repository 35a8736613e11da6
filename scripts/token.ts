/**
 * `npm run token -- <create|list|revoke> …`: API tokens on the local D1, or with --remote
 * [--env dev|staging|prod] on a deployed one. The secret is printed once and never stored.
 */
import { parseArgs } from 'node:util';
import { TokenScopeSchema } from '@ringside/shared';
import { createToken, listTokens, revokeToken } from './lib/tokens.ts';
import { applyMigrations } from './lib/wrangler.ts';

const USAGE = `usage:
  npm run token -- create --scope <ingest|runner|admin> --name <name> [--remote] [--env <env>]
  npm run token -- list [--remote] [--env <env>]
  npm run token -- revoke <id|name> [--remote] [--env <env>]`;

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      scope: { type: 'string' },
      name: { type: 'string' },
      remote: { type: 'boolean', default: false },
      env: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, arg] = positionals;
  const target = { remote: values.remote ?? false, env: values.env };
  if (values.help || !command) return console.log(USAGE);
  if (!target.remote) await applyMigrations(target);

  switch (command) {
    case 'create': {
      const scope = TokenScopeSchema.safeParse(values.scope);
      if (!scope.success) throw new Error(`--scope must be one of ${TokenScopeSchema.options.join(', ')}`);
      if (!values.name) throw new Error('--name is required');
      const t = await createToken(scope.data, values.name, target);
      console.error(
        `created ${t.scope} token '${t.name}' (id ${t.id}). The secret is shown once; store it now:`,
      );
      console.log(t.token);
      return;
    }
    case 'list': {
      const rows = await listTokens(target);
      const fmt = (ms: number | null) => (ms ? new Date(ms).toISOString() : '-');
      console.log(
        [
          'id'.padEnd(12),
          'scope'.padEnd(7),
          'created'.padEnd(24),
          'last used'.padEnd(24),
          'revoked'.padEnd(24),
          'name',
        ].join('  '),
      );
      for (const r of rows) {
        console.log(
          [
            r.id.padEnd(12),
            r.scope.padEnd(7),
            fmt(r.created_at).padEnd(24),
            fmt(r.last_used_at).padEnd(24),
            fmt(r.revoked_at).padEnd(24),
            r.name,
          ].join('  '),
        );
      }
      return;
    }
    case 'revoke': {
      if (!arg) throw new Error('revoke needs a token id or name');
      const n = await revokeToken(arg, target);
      if (n === 0) throw new Error(`no active token with id or name '${arg}'`);
      console.log(`revoked ${n} token(s)`);
      return;
    }
    default:
      throw new Error(`unknown command '${command}'\n${USAGE}`);
  }
}

main().catch((err: unknown) => {
  console.error(`token: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
