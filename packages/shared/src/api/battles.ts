import { BattleInputSchema, BattlePatchSchema, BattleSchema, RevealResponseSchema } from '../battle.ts';
import { ViewerFrameSchema } from '../events.ts';
import { defineEndpoint } from './endpoint.ts';
import { IdParamSchema, MB } from './params.ts';
import { ListBattlesQuerySchema, LiveQuerySchema } from './queries.ts';
import {
  BattlesPageSchema,
  BattleWithResultsSchema,
  LiveEventsBodySchema,
  PublishResponseSchema,
} from './responses.ts';

/** Battles and their live events (PRODUCT F2, F16). */
export const battleEndpoints = {
  listBattles: defineEndpoint({
    method: 'get',
    path: '/api/battles',
    summary: 'Battles, newest first, filtered and cursor-paginated',
    query: ListBattlesQuerySchema,
    response: BattlesPageSchema,
  }),
  getBattle: defineEndpoint({
    method: 'get',
    path: '/api/battles/{id}',
    summary: 'One battle with its contestants and results',
    params: IdParamSchema,
    response: BattleWithResultsSchema,
  }),
  putBattle: defineEndpoint({
    method: 'put',
    path: '/api/battles/{id}',
    summary: 'Create or update a battle and its contestants (a new battle belongs to the calling token)',
    params: IdParamSchema,
    body: BattleInputSchema,
    response: BattleSchema,
    scopes: ['runner', 'ingest'],
    owner: 'battle',
    bodyLimit: 4 * MB,
  }),
  patchBattle: defineEndpoint({
    method: 'patch',
    path: '/api/battles/{id}',
    summary: "Change a battle's state, title or times",
    params: IdParamSchema,
    body: BattlePatchSchema,
    response: BattleSchema,
    scopes: ['runner', 'ingest'],
    owner: 'battle',
    bodyLimit: MB,
  }),
  revealBattle: defineEndpoint({
    method: 'post',
    path: '/api/battles/{id}/reveal',
    summary:
      "Make a blind battle's identities public now (its owner or an admin); its pairs leave the voting pool",
    params: IdParamSchema,
    response: RevealResponseSchema,
    scopes: ['runner', 'ingest'],
    owner: 'battle',
  }),
  publishEvents: defineEndpoint({
    method: 'post',
    path: '/api/battles/{id}/events',
    summary:
      "Publish a running battle's live events, in order (the battle's owner; a retried batch is safe: what the room already has is dropped)",
    params: IdParamSchema,
    body: LiveEventsBodySchema,
    response: PublishResponseSchema,
    scopes: ['runner', 'ingest'],
    owner: 'battle',
    bodyLimit: 4 * MB,
  }),
  watchBattle: defineEndpoint({
    method: 'get',
    path: '/api/battles/{id}/live',
    summary:
      'WebSocket (Upgrade: websocket, else 426): each message is one ViewerFrame (with batch=1: an array of them, one message per published batch), a battle-snapshot first, then live frames; send "ping" for "pong", anything else closes with 1008; after battle-end or battle-stop the room closes with 1000; 4001 = fell behind, reconnect',
    params: IdParamSchema,
    query: LiveQuerySchema,
    response: ViewerFrameSchema,
    status: 101,
  }),
};
