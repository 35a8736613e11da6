/** Vendor stop reasons mapped to one vocabulary (after vercel/ai's finish reasons). */
export type FinishReason =
  | 'stop'
  | 'length'
  | 'tool-calls'
  | 'content-filter'
  | 'error'
  | 'other'
  | 'unknown';

export function openAiFinishReason(raw: string | null | undefined): FinishReason {
  switch (raw) {
    case 'stop':
    case 'eos':
      return 'stop';
    case 'length':
      return 'length';
    case 'tool_calls':
    case 'function_call':
      return 'tool-calls';
    case 'content_filter':
      return 'content-filter';
    case 'error':
      return 'error';
    case null:
    case undefined:
      return 'unknown';
    default:
      return 'other';
  }
}

export function anthropicFinishReason(raw: string | null | undefined): FinishReason {
  switch (raw) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool-calls';
    case 'refusal':
      return 'content-filter';
    case null:
    case undefined:
      return 'unknown';
    default:
      return 'other';
  }
}

/** Ollama's `done_reason`: `stop`, `length`, and `load`/`unload` for requests without messages. */
export function ollamaFinishReason(raw: string | null | undefined): FinishReason {
  if (raw === 'stop') return 'stop';
  if (raw === 'length') return 'length';
  return raw == null ? 'unknown' : 'other';
}
