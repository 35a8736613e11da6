import { app } from './app.ts';

export { BattleRoom } from './live/battle-room.ts';

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
