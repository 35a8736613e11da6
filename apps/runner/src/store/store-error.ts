/** Why a results folder refused an operation; `file` names the file at fault when there is one. */
export type StoreErrorCode =
  | 'not-a-results-folder'
  | 'invalid-manifest'
  | 'invalid-result'
  | 'result-conflict'
  | 'result-written'
  | 'unknown-reference'
  | 'invalid-transition';

export class StoreError extends Error {
  readonly code: StoreErrorCode;
  readonly file: string | undefined;
  constructor(code: StoreErrorCode, message: string, opts: { file?: string; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'StoreError';
    this.code = code;
    this.file = opts.file;
  }
}
