/**
 * The 32k LLaMA SentencePiece vocabulary in GGUF form (tokens, scores, token types), taken from
 * the `llama-tokenizer-js` package, which ships it as the Hugging Face BPE vocabulary and merges.
 */
import llamaTokenizer from 'llama-tokenizer-js';

/** GGUF `tokenizer.ggml.token_type` values (llama.cpp's `llama_token_type`). */
export const TOKEN_TYPE = { normal: 1, unknown: 2, control: 3, byte: 6 } as const;

export const UNK_ID = 0;
export const BOS_ID = 1;
export const EOS_ID = 2;

export interface LlamaVocab {
  tokens: string[];
  scores: Float32Array;
  tokenTypes: Int32Array;
}

/**
 * SentencePiece merges the adjacent pair whose result has the highest score; Hugging Face's BPE
 * merges the pair of lowest rank. Scoring each piece with minus the rank of the first merge
 * that produces it gives llama.cpp the same merge order. Pieces no merge produces (single
 * characters) sit below all of them; control and byte tokens score 0, as in the original model.
 */
export function llamaVocab(): LlamaVocab {
  const tokens = llamaTokenizer.vocabById;
  const firstRank = new Map<number, number>();
  for (const [pair, rank] of llamaTokenizer.merges) {
    const id = llamaTokenizer.vocabByString.get(pair.replace(' ', ''));
    if (id !== undefined && !firstRank.has(id)) firstRank.set(id, rank);
  }
  const unmergedBase = llamaTokenizer.merges.size + 1;
  const scores = new Float32Array(tokens.length);
  const tokenTypes = new Int32Array(tokens.length);
  tokens.forEach((piece, id) => {
    tokenTypes[id] = tokenType(id, piece);
    if (tokenTypes[id] === TOKEN_TYPE.normal) scores[id] = -(firstRank.get(id) ?? unmergedBase + id);
  });
  return { tokens: [...tokens], scores, tokenTypes };
}

function tokenType(id: number, piece: string): number {
  if (id === UNK_ID) return TOKEN_TYPE.unknown;
  if (id === BOS_ID || id === EOS_ID) return TOKEN_TYPE.control;
  if (/^<0x[0-9A-F]{2}>$/.test(piece)) return TOKEN_TYPE.byte;
  return TOKEN_TYPE.normal;
}
