import { describe, expect, it } from 'vitest';
import { anthropicFinishReason, ollamaFinishReason, openAiFinishReason } from './finish-reason.ts';

describe('finish reasons', () => {
  it('maps OpenAI-compatible reasons', () => {
    expect(['stop', 'length', 'tool_calls', 'content_filter', 'weird', null].map(openAiFinishReason)).toEqual(
      ['stop', 'length', 'tool-calls', 'content-filter', 'other', 'unknown'],
    );
  });

  it('maps Anthropic stop reasons', () => {
    expect(
      ['end_turn', 'stop_sequence', 'max_tokens', 'tool_use', 'refusal', 'pause_turn'].map(
        anthropicFinishReason,
      ),
    ).toEqual(['stop', 'stop', 'length', 'tool-calls', 'content-filter', 'other']);
  });

  it('maps Ollama done reasons, including the `load` of an empty request', () => {
    expect(['stop', 'length', 'load', undefined].map(ollamaFinishReason)).toEqual([
      'stop',
      'length',
      'other',
      'unknown',
    ]);
  });
});
