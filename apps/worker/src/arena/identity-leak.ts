/**
 * Blind voting is only blind if the answers do not say who wrote them (PRODUCT F13). An answer is
 * kept out of the voting pool when its text names a model family or maker, says who trained it,
 * or contains its own model id. The list errs on the side of exclusion: an answer about llamas
 * the animal is lost to the pool, which costs one pair; a leaked name would bias every vote on it.
 */

const FAMILIES = [
  'openai',
  'chatgpt',
  'gpt',
  'gpt-?\\d[\\w.-]*',
  'o1-(?:mini|preview)',
  'anthropic',
  'claude',
  'gemini',
  'bard',
  'deepmind',
  'llama',
  'llama-?\\d[\\w.-]*',
  'codellama',
  'mistral',
  'mixtral',
  'codestral',
  'ministral',
  'qwen',
  'qwen\\d[\\w.-]*',
  'qwq',
  'tongyi',
  'deepseek',
  'gemma',
  'phi-\\d[\\w.-]*',
  'cohere',
  'command[- ]r\\+?',
  'grok',
  'x\\.ai',
  'xai',
  'vicuna',
  'baichuan',
  'chatglm',
  'glm-\\d[\\w.-]*',
  'zhipu',
  'moonshot ai',
  'kimi',
  'ernie bot',
  'nemotron',
  'olmo',
  'starcoder',
  'wizardlm',
  'internlm',
  'hunyuan',
  'minimax',
  'smollm',
  'granite',
];

const MAKERS = 'openai|anthropic|google|meta|mistral|alibaba|microsoft|deepseek|ibm|nvidia|amazon|cohere';

const FAMILY_RE = new RegExp(`(?<![\\w-])(?:${FAMILIES.join('|')})(?![\\w-])`, 'i');
const TRAINED_BY_RE = new RegExp(
  `\\b(?:trained|developed|created|made|built|fine-tuned)\\s+by\\s+(?:the\\s+)?(?:${MAKERS})\\b`,
  'i',
);

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The model's own id counts when it looks like an id (a digit or separator in it, as in
 * `llama3.2` or `mistral-small`), or is long enough not to be an everyday word: the embedded
 * model called `tiny` should not exclude every answer containing "tiny".
 */
function ownIdRe(model: string): RegExp | null {
  const name = model.includes('/') ? (model.split('/').at(-1) as string) : model;
  const base = name.split(':')[0] as string;
  const candidates = [name, base].filter((s) => /[\d._-]/.test(s) || s.length >= 6);
  if (candidates.length === 0) return null;
  return new RegExp(`(?<![\\w-])(?:${[...new Set(candidates)].map(escapeRe).join('|')})(?![\\w-])`, 'i');
}

/**
 * The term that reveals who wrote `text`, or null when it is safe to show blind. `model` is the
 * contestant's model name as its server calls it (`qwen2.5:7b`, `org/name`, `gpt-4o`).
 */
export function identityLeak(text: string, entrant: { model: string }): string | null {
  const family = FAMILY_RE.exec(text);
  if (family) return family[0];
  const trained = TRAINED_BY_RE.exec(text);
  if (trained) return trained[0];
  const own = ownIdRe(entrant.model)?.exec(text);
  if (own) return own[0];
  return null;
}
