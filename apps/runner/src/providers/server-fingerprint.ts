import { z } from 'zod';
import type { ModelFingerprint } from './types.ts';

/**
 * What model servers say about the model they serve, as a fingerprint (PRODUCT F29). Pure
 * mappers over loose schemas: a field the server does not send is simply left out.
 */

const LlamaPropsSchema = z.looseObject({
  model_path: z.string().optional().catch(undefined),
  build_info: z.string().optional().catch(undefined),
  default_generation_settings: z
    .looseObject({ n_ctx: z.number().int().optional().catch(undefined) })
    .optional()
    .catch(undefined),
});

/** llama-server `GET /props` (also reached through llama-swap's `/upstream/<model>/props`). */
export function fingerprintFromLlamaProps(json: unknown): ModelFingerprint {
  const p = LlamaPropsSchema.safeParse(json);
  if (!p.success) return {};
  const out: ModelFingerprint = {
    engine: {
      name: 'llama.cpp (llama-server)',
      ...(p.data.build_info ? { version: p.data.build_info } : {}),
    },
  };
  if (p.data.model_path) {
    out.file = p.data.model_path.split(/[\\/]/).pop()!;
    const quant = /[-._](I?Q\d[A-Z0-9_]*|F16|BF16|F32)(?=\.gguf$)/i.exec(out.file)?.[1];
    if (quant) out.quantization = quant.toUpperCase();
  }
  const ctx = p.data.default_generation_settings?.n_ctx;
  if (ctx) out.contextSize = ctx;
  return out;
}

const OllamaTagSchema = z.looseObject({
  name: z.string(),
  size: z.number().optional().catch(undefined),
  digest: z.string().optional().catch(undefined),
  details: z
    .looseObject({
      quantization_level: z.string().optional().catch(undefined),
      parameter_size: z.string().optional().catch(undefined),
    })
    .optional()
    .catch(undefined),
});

/** `3.2B` → 3,200,000,000; `770M` → 770,000,000. */
function parameterCount(size: string | undefined): number | undefined {
  const m = size ? /^([\d.]+)\s*([KMBT])$/i.exec(size.trim()) : null;
  if (!m) return undefined;
  const scale = { K: 1e3, M: 1e6, B: 1e9, T: 1e12 }[m[2]!.toUpperCase() as 'K' | 'M' | 'B' | 'T'];
  return Math.round(Number(m[1]) * scale);
}

/** One entry of Ollama's `GET /api/tags`. */
export function fingerprintFromOllamaTag(json: unknown): ModelFingerprint {
  const t = OllamaTagSchema.safeParse(json);
  if (!t.success) return {};
  const out: ModelFingerprint = { file: t.data.name, engine: { name: 'ollama' } };
  if (t.data.size !== undefined) out.sizeBytes = t.data.size;
  if (t.data.digest && /^[0-9a-f]{64}$/.test(t.data.digest)) out.sha256 = t.data.digest;
  if (t.data.details?.quantization_level) out.quantization = t.data.details.quantization_level;
  const params = parameterCount(t.data.details?.parameter_size);
  if (params) out.parameters = params;
  return out;
}
