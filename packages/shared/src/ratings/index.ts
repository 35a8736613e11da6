export {
  type Anchor,
  DEFAULT_RATING_SCALE,
  pointsPerLogit,
  type RatingScale,
  type ResolvedAnchor,
  ratingScaleOf,
  ratingsFromLogits,
  resolveAnchor,
} from './anchor.ts';
export {
  type BootstrapInterval,
  type BootstrapOptions,
  type BootstrapResult,
  bootstrapRatings,
} from './bootstrap.ts';
export { btLoss, type Edges, edgesOf } from './bt-loss.ts';
export {
  type BtFit,
  type BtOptions,
  type BtSolution,
  type BtSolveOptions,
  fitBradleyTerry,
  solveBtEdges,
  solveBtLogits,
} from './bt-mle.ts';
export {
  type ComputeRatingsOptions,
  computeRatings,
  type ModelRating,
  ModelRatingSchema,
  type RatingsReport,
  RatingsReportSchema,
} from './compute-ratings.ts';
export { type EloOptions, onlineElo } from './elo.ts';
export {
  lineFromPair,
  type PairOutcome,
  type PairOutcomeLine,
  PairOutcomeLineSchema,
  PairOutcomeSchema,
  pairFromLine,
  pairsFromRanking,
  pairsFromScores,
  parsePairLines,
  type RankedContestant,
  type ScoredContestant,
  scoreOfA,
  type Winner,
  WinnerSchema,
} from './pairs.ts';
export { type Interval, rankByIntervals } from './rank.ts';
export {
  type DrawTable,
  drawTable,
  drawUnitCounts,
  gatherDraw,
  groupByBattle,
  type Resample,
  type Units,
  unitCount,
  unitsOf,
} from './resample.ts';
export { createRng, type Rng, xoshiro128ss } from './rng.ts';
export { type Tally, tallyPairs } from './tallies.ts';
export {
  accumulateWins,
  type EncodedPairs,
  encodePairs,
  type WinMatrix,
  winMatrixFromPairs,
} from './win-matrix.ts';
