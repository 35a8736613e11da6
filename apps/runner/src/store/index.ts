export {
  FileExistsError,
  isTempName,
  removeTempFiles,
  syncDir,
  writeFileAtomic,
  writeFileAtomicExclusive,
} from './atomic-file.ts';
export { folderName, localDate, slugify } from './folder-name.ts';
export {
  MANIFEST_FILE,
  type Manifest,
  ManifestSchema,
  readManifest,
  type Slot,
  SlotSchema,
  type SlotState,
  SlotStateSchema,
} from './manifest.ts';
export { RESULTS_DIR, resultFileName } from './result-file.ts';
export {
  createResultsFolder,
  defaultArenaRoot,
  type FolderOptions,
  openResultsFolder,
  ResultsFolder,
  slotStateFor,
  type WriteOutcome,
} from './results-folder.ts';
export { RUNNER_VERSION } from './runner-version.ts';
export { StoreError, type StoreErrorCode } from './store-error.ts';
