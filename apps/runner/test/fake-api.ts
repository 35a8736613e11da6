import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  BattleInput,
  CrossExamination,
  Evaluation,
  Result,
  ResultInput,
  SuiteSource,
} from '@ringside/shared';
import {
  BattleInputSchema,
  BattlePatchSchema,
  CrossExaminationSchema,
  canTransition,
  EvaluationsPostSchema,
  endpoints,
  ResultSchema,
  ResultsBatchSchema,
  SuiteSourceSchema,
} from '@ringside/shared';
import type { z } from 'zod';
import { stableStringify } from '../src/store/stable-json.ts';

/**
 * A stand-in for the worker's write API on node:http (127.0.0.1, random port), for upload tests.
 * It keeps battles and results like the real one — results deduplicated by id, the same id with
 * another body refused with 409 `result_conflict`, a request stored all or nothing — and records
 * every request. It can be taken down (connection refused) and brought back on the same port, and
 * answers scripted faults: a status (503, 429 + Retry-After, 401…) or a dropped connection.
 */

export type FakeFault =
  | { status: number; retryAfter?: string; code?: string }
  /** reset the connection before doing anything */
  | { drop: 'before' }
  /** store the request, then reset the connection: the client never learns it landed */
  | { drop: 'after' };

export interface FakeRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: unknown;
  status: number | 'dropped';
}

export interface FakeApi {
  readonly baseUrl: string;
  readonly token: string;
  readonly requests: FakeRequest[];
  readonly battles: Map<string, BattleInput>;
  /** result id → canonical body */
  readonly results: Map<string, string>;
  /** how many times each result id arrived in a request that was stored */
  readonly arrivals: Map<string, number>;
  /** evaluations added after the fact (POST /api/results/:id/evaluations), by result id */
  readonly evaluations: Map<string, Evaluation[]>;
  readonly crossExaminations: CrossExamination[];
  /** the suites library: `name@version` → source */
  readonly suites: Map<string, SuiteSource>;
  /** the next requests (for `path`, when given) answer these faults, one each */
  fail(faults: FakeFault[], path?: string): void;
  /** stores a result as if posted earlier, e.g. to make a later post of that id conflict */
  seedResult(result: ResultInput): void;
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown>[];
  constructor(status: number, code: string, message: string, details: Record<string, unknown>[] = []) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export async function startFakeApi(token = 'rs_test_secret_token_0123456789'): Promise<FakeApi> {
  const requests: FakeRequest[] = [];
  const battles = new Map<string, BattleInput>();
  const results = new Map<string, string>();
  const arrivals = new Map<string, number>();
  const evaluations = new Map<string, Evaluation[]>();
  const crossExaminations: CrossExamination[] = [];
  const suites = new Map<string, SuiteSource>();
  const faults: { fault: FakeFault; path: string | undefined }[] = [];

  function takeFault(path: string): FakeFault | undefined {
    const i = faults.findIndex((f) => f.path === undefined || f.path === path);
    return i < 0 ? undefined : faults.splice(i, 1)[0]?.fault;
  }

  function storeResults(battle: BattleInput | undefined, list: Result[]) {
    const known = new Map(battles);
    if (battle) {
      const stored = battles.get(battle.id);
      if (stored && stableStringify(identity(stored)) !== stableStringify(identity(battle))) {
        throw new HttpError(409, 'battle_conflict', `battle '${battle.id}' exists with other contestants`);
      }
      if (!stored) known.set(battle.id, battle);
    }
    const bodies = new Map<string, string>();
    for (const [i, r] of list.entries()) {
      const b = known.get(r.battleId);
      if (!b)
        throw new HttpError(404, 'not_found', 'unknown battle', [
          { path: `results.${i}.battleId`, message: `unknown battle '${r.battleId}'` },
        ]);
      const body = stableStringify(r);
      if (bodies.has(r.id) && bodies.get(r.id) !== body) {
        throw new HttpError(409, 'result_conflict', `result '${r.id}' appears twice with different bodies`, [
          { path: `results.${i}.id`, message: 'duplicate id with a different body' },
        ]);
      }
      bodies.set(r.id, body);
    }
    const conflicts = [...bodies].filter(([id, body]) => results.has(id) && results.get(id) !== body);
    if (conflicts.length > 0) {
      throw new HttpError(
        409,
        'result_conflict',
        `${conflicts.length} result id(s) are already stored with a different body`,
        conflicts.map(([id]) => ({
          path: 'results',
          message: `result '${id}' differs from the stored one`,
          id,
        })),
      );
    }
    const battleCreated = battle !== undefined && !battles.has(battle.id);
    if (battle && battleCreated) battles.set(battle.id, battle);
    let created = 0;
    for (const [id, body] of bodies) {
      arrivals.set(id, (arrivals.get(id) ?? 0) + 1);
      if (results.has(id)) continue;
      results.set(id, body);
      created += 1;
    }
    return {
      status: created > 0 || battleCreated ? 201 : 200,
      body: { created, duplicates: bodies.size - created, battleCreated, ids: [...bodies.keys()] },
    };
  }

  function handle(method: string, path: string, json: unknown): { status: number; body: unknown } {
    const battleMatch = /^\/api\/battles\/([^/]+)$/.exec(path);
    if (battleMatch && method === 'PUT') {
      const input = parse(BattleInputSchema, json);
      const stored = battles.get(input.id);
      if (stored && !canTransition(stored.state, input.state)) {
        throw new HttpError(
          409,
          'invalid_transition',
          `a battle cannot go from '${stored.state}' to '${input.state}'`,
        );
      }
      battles.set(input.id, input);
      return { status: stored ? 200 : 201, body: input };
    }
    if (battleMatch && method === 'PATCH') {
      const id = battleMatch[1] ?? '';
      const patch = parse(BattlePatchSchema, json);
      const stored = battles.get(id);
      if (!stored) throw new HttpError(404, 'not_found', `battle '${id}' does not exist`);
      if (patch.state && !canTransition(stored.state, patch.state)) {
        throw new HttpError(
          409,
          'invalid_transition',
          `a battle cannot go from '${stored.state}' to '${patch.state}'`,
        );
      }
      battles.set(id, { ...stored, ...patch });
      return { status: 200, body: battles.get(id) };
    }
    if (method === 'POST' && path === '/api/results/batch') {
      const body = parse(ResultsBatchSchema, json);
      return storeResults(body.battle, body.results);
    }
    if (method === 'POST' && path === '/api/results') {
      const isOne = typeof json === 'object' && json !== null && !('results' in json);
      const body = isOne ? { results: [parse(ResultSchema, json)] } : parse(ResultsBatchSchema, json);
      return storeResults(body.battle, body.results);
    }
    const evalMatch = /^\/api\/results\/([^/]+)\/evaluations$/.exec(path);
    if (evalMatch && method === 'POST') {
      const id = evalMatch[1] ?? '';
      if (!results.has(id)) throw new HttpError(404, 'not_found', `result '${id}' does not exist`);
      const body = parse(EvaluationsPostSchema, json);
      const list = evaluations.get(id) ?? [];
      const fresh = body.evaluations.filter((e) => !list.some((x) => x.id === e.id));
      evaluations.set(id, [...list, ...fresh]);
      const ids = body.evaluations.map((e) => `${id}:${e.id}`);
      return {
        status: fresh.length ? 201 : 200,
        body: { created: fresh.length, duplicates: ids.length - fresh.length, ids },
      };
    }
    const crossMatch = /^\/api\/battles\/([^/]+)\/cross-examinations$/.exec(path);
    if (crossMatch && method === 'POST') {
      const x = parse(CrossExaminationSchema, json);
      if (!battles.has(crossMatch[1] ?? '')) throw new HttpError(404, 'not_found', 'unknown battle');
      crossExaminations.push(x);
      return { status: 201, body: { id: `x${crossExaminations.length}`, ...x } };
    }
    if (battleMatch && method === 'GET') {
      const id = battleMatch[1] ?? '';
      const stored = battles.get(id);
      if (!stored) throw new HttpError(404, 'not_found', `battle '${id}' does not exist`);
      const at = new Date(0).toISOString();
      const mine = [...results.values()]
        .map((body) => JSON.parse(body) as Result)
        .filter((r) => r.battleId === id)
        .map((r) => {
          const contestant = stored.contestants.find((c) => c.id === r.contestantId);
          return {
            ...r,
            evaluations: [...r.evaluations, ...(evaluations.get(r.id) ?? [])],
            provider: contestant?.provider ?? '',
            model: contestant?.model ?? '',
            category: stored.tasks.find((t) => t.id === r.taskId)?.category ?? 'other',
            createdAt: at,
          };
        });
      // The shape the real API serves (the endpoint table's response), so the client parses it.
      const body = endpoints.getBattle.response.parse({
        ...stored,
        suite: stored.suite ?? null,
        ci: stored.ci ?? null,
        createdAt: stored.createdAt ?? at,
        updatedAt: at,
        startedAt: stored.startedAt ?? null,
        endedAt: stored.endedAt ?? null,
        results: mine,
        overrides: [],
        crossExaminations: crossExaminations
          .filter((x) => x.battleId === id)
          .map((x, i) => ({ id: `x${i + 1}`, ...x })),
      });
      return { status: 200, body };
    }
    const suiteMatch = /^\/api\/suites\/([^/?]+)(?:\?version=(.+))?$/.exec(path);
    if (suiteMatch && method === 'PUT') {
      const source = parse(SuiteSourceSchema, json);
      const key = `${source.name}@${source.version}`;
      const created = !suites.has(key);
      suites.set(key, source);
      return { status: created ? 201 : 200, body: source };
    }
    if (suiteMatch && method === 'GET') {
      const [, name, version] = suiteMatch;
      const all = [...suites.entries()].filter(([k]) => k.startsWith(`${name}@`));
      const hit = version ? all.find(([k]) => k === `${name}@${version}`) : all.at(-1);
      if (!hit) throw new HttpError(404, 'not_found', `suite '${name}' does not exist`);
      const source = hit[1];
      const body = {
        name: source.name,
        version: source.version,
        description: source.description ?? null,
        tasks: source.tasks.length,
        createdBy: 'fake',
        createdAt: new Date(0).toISOString(),
        source,
      };
      return { status: 200, body };
    }
    throw new HttpError(404, 'not_found', `no route ${method} ${path}`);
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse) {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    const record: FakeRequest = {
      method,
      path,
      authorization: req.headers.authorization,
      body: json,
      status: 0,
    };
    requests.push(record);
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
    };
    const fault = takeFault(path);
    if (fault && 'drop' in fault && fault.drop === 'before') {
      record.status = 'dropped';
      req.socket.destroy();
      return;
    }
    if (fault && 'status' in fault) {
      const code = fault.code ?? `status_${fault.status}`;
      reply(
        fault.status,
        { error: { code, message: `scripted ${fault.status}` } },
        fault.retryAfter ? { 'retry-after': fault.retryAfter } : {},
      );
      return;
    }
    if (req.headers.authorization !== `Bearer ${token}`) {
      reply(401, { error: { code: 'unauthorized', message: 'missing or unknown bearer token' } });
      return;
    }
    try {
      const out = handle(method, path, json);
      if (fault && 'drop' in fault) {
        record.status = 'dropped';
        req.socket.destroy();
        return;
      }
      reply(out.status, out.body);
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      reply(err.status, { error: { code: err.code, message: err.message, details: err.details } });
    }
  }

  const server = createServer((req, res) => {
    onRequest(req, res).catch((err: unknown) => {
      res.writeHead(500).end(JSON.stringify({ error: { code: 'internal', message: String(err) } }));
    });
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(0);
  const { port } = server.address() as AddressInfo;
  let listening = true;

  const stop = () =>
    new Promise<void>((resolve) => {
      if (!listening) return resolve();
      listening = false;
      server.close(() => resolve());
      server.closeAllConnections();
    });

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    token,
    requests,
    battles,
    results,
    arrivals,
    evaluations,
    crossExaminations,
    suites,
    fail(list, path) {
      for (const fault of list) faults.push({ fault, path });
    },
    seedResult(result) {
      results.set(result.id, stableStringify(ResultSchema.parse(result)));
    },
    down: stop,
    async up() {
      if (listening) return;
      await listen(port);
      listening = true;
    },
    close: stop,
  };
}

function parse<T extends z.ZodType>(schema: T, json: unknown): z.infer<T> {
  const out = schema.safeParse(json);
  if (out.success) return out.data;
  throw new HttpError(
    400,
    'invalid_body',
    'the body does not match the schema',
    out.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  );
}

function identity(b: BattleInput) {
  return { type: b.type, tasks: b.tasks, contestants: b.contestants };
}
