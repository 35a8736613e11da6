export {
  EMPTY_LIVE_STATE,
  foldEvent,
  foldEvents,
  isLiveEnded,
  type LiveBattleState,
  type LiveSlot,
  type LiveState,
  phaseOfStatus,
  type SlotPhase,
  slotKey,
} from './fold.ts';
export { fromSnapshot, toSnapshot } from './snapshot.ts';
export { liveTokensPerSecond } from './tokens-per-second.ts';
