import { ConfigError, loadConfig } from '../config/load-config.ts';
import { createRuntime } from '../runtime.ts';
import { StoreError } from '../store/index.ts';
import { SuiteError } from '../suites/index.ts';
import { UsageError } from './args.ts';
import { BATTLE_USAGE, battleCommand } from './commands/battle.ts';
import { CROSS_EXAMINE_USAGE, crossExamineCommand } from './commands/cross-examine.ts';
import { modelsCommand } from './commands/models.ts';
import { RATINGS_USAGE, ratingsCommand } from './commands/ratings.ts';
import { resumeCommand } from './commands/resume.ts';
import { stopCommand } from './commands/stop.ts';
import { SUITE_USAGE, suiteCommand } from './commands/suite.ts';
import { syncCommand } from './commands/sync.ts';

const USAGE = `ringside — run battles between language models next to your GPU

usage: ringside [--config ringside.config.yaml] <command> [options]

commands:
  models                      what the configured servers can run, and what is loaded now
  battle                      one prompt against 2–8 contestants
  resume <results-folder>     finish a battle that crashed or was stopped
  stop <battle-id>            stop a running battle (it is recorded as stopped)
  sync                        upload whatever the spool holds
  suite run <suite> -c … -c … a benchmark suite as one battle, every answer scored
  suite list                  the built-in suites
  suite save <file>           save a suite in the API's library (run it by name)
  cross-examine <battle>      put a model over a finished battle's results (--model, --question)
  ratings --input pairs.jsonl Bradley–Terry and Elo ratings of pairwise outcomes, as JSON

${BATTLE_USAGE}
${SUITE_USAGE}
${CROSS_EXAMINE_USAGE}
${RATINGS_USAGE}`;

/** Splits `--config <file>` (anywhere before the command's own options) from the rest. */
function takeConfig(argv: string[]): { file: string | undefined; rest: string[] } {
  const rest = [...argv];
  const at = rest.findIndex((a) => a === '--config' || a.startsWith('--config='));
  if (at === -1) return { file: undefined, rest };
  const arg = rest[at]!;
  if (arg.includes('=')) {
    rest.splice(at, 1);
    return { file: arg.slice('--config='.length), rest };
  }
  const file = rest[at + 1];
  if (!file) throw new UsageError('--config needs a file');
  rest.splice(at, 2);
  return { file, rest };
}

export async function main(argv: string[]): Promise<number> {
  try {
    const { file, rest } = takeConfig(argv);
    const [command, ...args] = rest;
    if (!command || command === '--help' || command === '-h' || command === 'help') {
      console.log(USAGE);
      return command ? 0 : 2;
    }
    // ratings is offline maths over a file: no config, no runtime
    if (command === 'ratings') return await ratingsCommand(args);
    const settings = loadConfig(file ? { file } : {});
    if (command === 'stop') return await stopCommand(settings, args);
    if (command === 'sync') return await syncCommand(settings);
    const commands: Record<
      string,
      (rt: Awaited<ReturnType<typeof createRuntime>>, a: string[]) => Promise<number>
    > = {
      models: (rt) => modelsCommand(rt),
      battle: battleCommand,
      resume: resumeCommand,
      suite: suiteCommand,
      'cross-examine': crossExamineCommand,
    };
    const run = commands[command];
    if (!run) throw new UsageError(`unknown command '${command}'`);
    const rt = await createRuntime(settings);
    try {
      return await run(rt, args);
    } finally {
      await rt.close();
    }
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`ringside: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    if (err instanceof ConfigError || err instanceof StoreError || err instanceof SuiteError) {
      console.error(`ringside: ${err.message}`);
      return 1;
    }
    console.error(`ringside: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return 1;
  }
}
