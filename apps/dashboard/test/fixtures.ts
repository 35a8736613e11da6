import {
  type BattleInputSchema,
  encodeChunkTimings,
  type ResultInput,
  type TaskCategory,
} from '@ringside/shared';
import type { z } from 'zod';

/** The data the browser tests seed through the API: a few battles, their results and two CI batches. */

type BattleIn = z.input<typeof BattleInputSchema>;

const contestant = (id: string, model: string) => ({ id, provider: 'openai', model, lane: 'cloud' as const });
const task = (id: string, prompt: string, category: TaskCategory = 'other') => ({ id, prompt, category });
const day = (d: number, h = 12) => new Date(Date.UTC(2026, 10, d, h)).toISOString();

/** Chunk timings that stream `text` in `n`-char chunks: first after `ttftMs`, then every `gapMs`. */
export function streamed(text: string, ttftMs: number, gapMs: number, n = 4) {
  const chars: number[] = [];
  for (let at = 0; at < text.length; at += n) chars.push(Math.min(n, text.length - at));
  const arrivals = chars.map((_, i) => ttftMs + i * gapMs);
  return { chunks: encodeChunkTimings(arrivals, chars), ttftMs, e2eMs: arrivals.at(-1) ?? ttftMs };
}

function result(
  battleId: string,
  contestantId: string,
  taskId: string,
  text: string,
  timing: { ttftMs: number; gapMs: number } | null,
  extra: Partial<ResultInput> = {},
): ResultInput {
  const s = timing ? streamed(text, timing.ttftMs, timing.gapMs) : null;
  const tokens = s ? s.chunks.chars.length : null;
  return {
    id: `${battleId}-${contestantId}-${taskId}`,
    battleId,
    contestantId,
    taskId,
    status: 'ok',
    output: { text },
    metrics: s
      ? {
          ttftMs: s.ttftMs,
          e2eMs: s.e2eMs,
          decodeTpsClient: tokens && tokens > 1 ? ((tokens - 1) * 1000) / (s.e2eMs - s.ttftMs) : null,
          decodeTpsServer: 80,
          outputTokens: tokens,
          outputTokensSource: 'chunks',
          loadMs: 420,
          costUsd: 0.00042,
        }
      : {},
    chunks: s?.chunks ?? null,
    startedAt: '2026-11-20T12:00:00.000Z',
    ...extra,
  };
}

export const REPLAY_TEXT = {
  a: 'The tide comes in slowly over the flat grey sand while gulls argue above the harbour wall and the last light fades behind the hills. Boats knock against the pier. The end of the first answer.',
  b: 'Waves fold onto the shore, one after another, patient as clocks; the lighthouse turns and counts them all night long. The end of the second answer.',
};

/** A finished battle whose stored chunk timings make a ~1.5–2.5 s race. */
export const replayBattle: { battle: BattleIn; results: ResultInput[] } = {
  battle: {
    id: 'dash-replay',
    type: 'qa',
    title: 'Replay: a short poem about tides',
    state: 'done',
    tasks: [task('t1', 'Write four lines about the tide.', 'creative')],
    contestants: [contestant('a', 'dash-alpha'), contestant('b', 'dash-beta')],
    createdAt: day(18),
  },
  results: [
    result('dash-replay', 'a', 't1', REPLAY_TEXT.a, { ttftMs: 300, gapMs: 30 }),
    result('dash-replay', 'b', 't1', REPLAY_TEXT.b, { ttftMs: 150, gapMs: 50 }),
  ],
};

/** Model output carrying script-injection payloads (the page must show them as text). */
export const XSS_TEXT = [
  'Try this: <script>window.__pwned = "script"</script>',
  '',
  '<img src=x onerror="window.__pwned = \'img\'; alert(1)">',
  '',
  '<svg onload="window.__pwned = \'svg\'"><circle r="5"/></svg> <iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
  '',
  '[a harmless looking link](javascript:window.__pwned=%27link%27) and [a real one](https://example.com/docs)',
  '',
  '<a href="https://example.com" onclick="window.__pwned=1">raw anchor</a> <style>body{display:none}</style>',
  '',
  '```html',
  '<script>alert("in a code block")</script>',
  '```',
].join('\n');

export const xssBattle: { battle: BattleIn; results: ResultInput[] } = {
  battle: {
    id: 'dash-xss',
    type: 'qa',
    title: 'Untrusted output: injection payloads',
    state: 'done',
    tasks: [task('t1', 'Say something dangerous.')],
    contestants: [contestant('a', 'dash-alpha'), contestant('b', 'dash-gamma')],
    createdAt: day(17),
  },
  results: [
    result('dash-xss', 'a', 't1', XSS_TEXT, { ttftMs: 40, gapMs: 2 }),
    result('dash-xss', 'b', 't1', 'A safe answer with **bold** text.', { ttftMs: 60, gapMs: 5 }),
  ],
};

const code = (body: string) => `Here is my solution:\n\n\`\`\`python\n${body}\n\`\`\`\n`;

/** Battles of several types, models and dates for the list filters. */
export const listBattles: { battle: BattleIn; results: ResultInput[] }[] = [
  {
    battle: {
      id: 'dash-haiku',
      type: 'qa',
      title: 'Haiku about autumn rain',
      state: 'done',
      tasks: [task('t1', 'Write a haiku about autumn rain.', 'creative')],
      contestants: [contestant('a', 'dash-alpha'), contestant('b', 'dash-beta')],
      createdAt: day(10),
    },
    results: [],
  },
  {
    battle: {
      id: 'dash-fizzbuzz',
      type: 'coding',
      title: 'Fizzbuzz in Python',
      state: 'done',
      tasks: [task('t1', 'Write fizzbuzz in Python.', 'code-generation')],
      contestants: [contestant('a', 'dash-gamma'), contestant('b', 'dash-alpha')],
      createdAt: day(12),
    },
    results: [
      result(
        'dash-fizzbuzz',
        'a',
        't1',
        code('for i in range(1, 101):\n    print("FizzBuzz" if i % 15 == 0 else i)'),
        { ttftMs: 90, gapMs: 8 },
      ),
      result(
        'dash-fizzbuzz',
        'b',
        't1',
        code(
          'for i in range(1, 101):\n    if i % 15 == 0:\n        print("FizzBuzz")\n    else:\n        print(i)',
        ),
        { ttftMs: 120, gapMs: 6 },
      ),
    ],
  },
  {
    battle: {
      id: 'dash-agent',
      type: 'agent',
      title: 'Agent books a table for two',
      state: 'failed',
      tasks: [task('t1', 'Book a table for two at eight.')],
      contestants: [contestant('a', 'dash-beta'), contestant('b', 'dash-gamma')],
      createdAt: day(14),
    },
    results: [],
  },
];

/**
 * The one battle left blind (PRODUCT F13) after seeding, so the vote page has a pair; the global
 * setup reveals every other battle. Its models are ones the other battles use, so the list and
 * model pages (which leave a blind battle out) show what they did without it.
 */
export const voteBattle: { battle: BattleIn; results: ResultInput[] } = {
  battle: {
    id: 'dash-vote',
    type: 'qa',
    title: 'Vote: a line about the moon',
    state: 'done',
    tasks: [task('t1', 'Write one line about the moon.', 'creative')],
    contestants: [contestant('a', 'dash-alpha'), contestant('b', 'dash-beta')],
    createdAt: day(20),
  },
  results: [
    result('dash-vote', 'a', 't1', 'The moon keeps the night awake.', { ttftMs: 50, gapMs: 4 }),
    result('dash-vote', 'b', 't1', 'A pale coin spent on the sea.', { ttftMs: 70, gapMs: 6 }),
  ],
};

const suite = { name: 'dash-suite', version: '1' };
function ciBatch(id: string, d: number, scores: [number, number], e2e: [number, number]) {
  return {
    battle: {
      id,
      type: 'suite' as const,
      origin: 'ci' as const,
      title: `CI ${id}`,
      state: 'done' as const,
      suite,
      ci: { commit: `${id}0000000000`, branch: 'main' },
      tasks: [task('t1', 'Sort a list.'), task('t2', 'Reverse a string.')],
      contestants: [contestant('m', 'dash-ci-model')],
      createdAt: day(d),
    },
    results: (['t1', 't2'] as const).map((t, i) => ({
      ...result(id, 'm', t, `answer ${t}`, null),
      metrics: { e2eMs: e2e[i], ttftMs: 20, decodeTpsClient: 100 },
      score: scores[i],
      passed: (scores[i] ?? 0) >= 0.5,
    })),
  };
}

/** Two batches of one suite: t1 gets better, t2 gets worse. */
export const ciBatches = [
  ciBatch('dash-ci-1', 15, [0.5, 0.9], [400, 300]),
  ciBatch('dash-ci-2', 16, [0.8, 0.4], [380, 310]),
];

/**
 * Rated battles for the leaderboard: three models answer a creative and a problem-solving task
 * in each of six qa battles, with task scores (the `auto` source: the higher score wins a pair).
 * In creative tasks lb-strong beats lb-weak every time; in problem-solving the two swap scores,
 * so each category has its own leader. Every model both wins and loses, so every rating is finite.
 * Dated before the other battles so the list pages' filters see nothing new.
 */
const LB_SCORES: Record<string, number[]> = {
  'lb-strong': [0.9, 0.8, 0.7, 0.9, 0.3, 0.8],
  'lb-middle': [0.6, 0.9, 0.5, 0.5, 0.6, 0.4],
  'lb-weak': [0.2, 0.4, 0.6, 0.1, 0.2, 0.4],
};
export const LB_MODELS = Object.keys(LB_SCORES);
/** Median TTFT and decode rate of each model (constant, so the medians are exact). */
export const LB_SPEED: Record<string, { ttftMs: number; tps: number }> = {
  'lb-strong': { ttftMs: 300, tps: 40 },
  'lb-middle': { ttftMs: 150, tps: 80 },
  'lb-weak': { ttftMs: 80, tps: 120 },
};
const LB_TEXT = [
  'Rain taps on the roof; the kettle hums along.',
  'Split the problem in two halves and solve each one.',
  'Morning fog lifts slowly from the quiet river.',
  'Count the pairs first, then divide by two.',
  'A cat sleeps where the sun falls on the floor.',
  'Work backwards from the answer you expect.',
];

export const leaderboardBattles: { battle: BattleIn; results: ResultInput[] }[] = [0, 1, 2, 3, 4, 5].map(
  (i) => {
    const id = `dash-lb-${i}`;
    const battle: BattleIn = {
      id,
      type: 'qa',
      title: `Leaderboard round ${i + 1}`,
      state: 'done',
      tasks: [
        task('t1', `Write one calm line, take ${i + 1}.`, 'creative'),
        task('t2', `Give one tip for a puzzle, take ${i + 1}.`, 'problem-solving'),
      ],
      contestants: LB_MODELS.map((m, c) => ({
        id: `c${c}`,
        provider: 'ollama',
        model: m,
        lane: 'local' as const,
      })),
      createdAt: day(1 + i),
    };
    const results = (['t1', 't2'] as const).flatMap((taskId) =>
      LB_MODELS.map((m, c): ResultInput => {
        const swap = taskId === 't2' && m !== 'lb-middle';
        const own = LB_SCORES[m]?.[i] ?? 0;
        const other = LB_SCORES[m === 'lb-strong' ? 'lb-weak' : 'lb-strong']?.[i] ?? 0;
        const speed = LB_SPEED[m] ?? { ttftMs: 100, tps: 50 };
        return {
          id: `${id}-${taskId}-c${c}`,
          battleId: id,
          contestantId: `c${c}`,
          taskId,
          status: 'ok',
          output: {
            text: `${LB_TEXT[(i + c) % LB_TEXT.length]} (${taskId}, answer ${c + 1} of round ${i + 1})`,
          },
          metrics: {
            ttftMs: speed.ttftMs,
            e2eMs: speed.ttftMs + 500,
            decodeTpsClient: speed.tps,
            outputTokens: 20,
          },
          score: swap ? other : own,
          startedAt: day(1 + i),
        };
      }),
    );
    return { battle, results };
  },
);
