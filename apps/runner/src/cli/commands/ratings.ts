/**
 * `ringside ratings`: offline analysis of pairwise outcomes in the rating fixture's JSON Lines
 * format (what `GET /api/arena/pairs.jsonl` exports): Bradley–Terry MLE, online Elo and bootstrap
 * intervals as JSON, computed by the same shared maths as the leaderboard.
 */
import { readFile } from 'node:fs/promises';
import { type Anchor, computeRatings, type PairOutcome, parsePairLines } from '@ringside/shared';
import { numberOption, parseArgs, UsageError } from '../args.ts';

export const RATINGS_USAGE = `ringside ratings --input <pairs.jsonl> [options]

  --input FILE        pairwise outcomes, one JSON object a line:
                      {"battle_id", "model_a", "model_b", "winner": model_a|model_b|tie|tie (bothbad)}
                      ('-' reads standard input)
  --rounds N          bootstrap rounds (default 500)
  --seed S            bootstrap seed, an unsigned 32-bit integer (default 0); same seed, same output
  --resample UNIT     battle (default: whole battles, their pairs are correlated) or row (FastChat's)
  --anchor MODEL      pin MODEL at 1000 (default: the mean rating is 1000)`;

export type RatingsIo = {
  out: (text: string) => void;
  err: (text: string) => void;
  stdin?: () => Promise<string>;
};

const processIo: RatingsIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function ratingsCommand(argv: string[], io: RatingsIo = processIo): Promise<number> {
  const { values, positionals } = parseArgs(argv, {
    input: { type: 'string' },
    rounds: { type: 'string' },
    seed: { type: 'string' },
    resample: { type: 'string' },
    anchor: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.out(`${RATINGS_USAGE}\n`);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  if (!values.input) throw new UsageError('ratings needs --input <pairs.jsonl>');
  const rounds = numberOption(values.rounds, 'rounds', (n) => Number.isInteger(n) && n >= 1) ?? 500;
  const seed = numberOption(values.seed, 'seed', (n) => Number.isInteger(n) && n >= 0 && n < 2 ** 32) ?? 0;
  const resample = values.resample ?? 'battle';
  if (resample !== 'battle' && resample !== 'row')
    throw new UsageError(`--resample must be battle or row, got '${resample}'`);
  const anchor: Anchor = values.anchor ? { model: values.anchor } : 'mean';

  let pairs: PairOutcome[];
  try {
    const text =
      values.input === '-' ? await (io.stdin ?? readStdin)() : await readFile(values.input, 'utf8');
    pairs = parsePairLines(text);
  } catch (err) {
    io.err(`ringside ratings: ${values.input}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  if (pairs.length === 0) {
    io.err(`ringside ratings: ${values.input} holds no pairwise outcomes\n`);
    return 1;
  }

  const report = computeRatings(pairs, { rounds, seed, resample, anchor });
  if (values.anchor && report.anchorModel === null) {
    io.err(`ringside ratings: --anchor ${values.anchor} is not in the data; the mean is 1000 instead\n`);
  }
  const output = {
    input: values.input,
    pairs: pairs.length,
    battles: new Set(pairs.map((p) => p.battleId)).size,
    models: report.ratings.length,
    settings: {
      scale: 400,
      base: 10,
      anchor: report.anchorModel === null ? { mean: 1000 } : { model: report.anchorModel, rating: 1000 },
      eloK: 4,
      rounds: report.rounds,
      seed: report.seed,
      resample: report.resample,
    },
    /** Rounds whose fit did not converge (a model won or lost everything it drew). */
    unconvergedRounds: report.unconvergedRounds,
    ratings: report.ratings.map((r) => ({
      model: r.model,
      mle: r.rating,
      bootstrap: { median: r.median, q025: r.q025, q975: r.q975 },
      rankCi: r.rankCi,
      elo: r.elo,
      wins: r.wins,
      losses: r.losses,
      ties: r.ties,
      battles: r.battles,
    })),
  };
  io.out(`${JSON.stringify(output, null, 2)}\n`);
  return 0;
}
