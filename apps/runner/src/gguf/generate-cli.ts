/** `npm run model:tiny [-- --dir <folder>] [-- --force]`: writes the tiny test model and prints its path. */
import { parseArgs } from 'node:util';
import { DEFAULT_MODEL_DIR, ensureTinyModel } from './ensure-tiny-model.ts';

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: DEFAULT_MODEL_DIR },
    force: { type: 'boolean', default: false },
  },
});
const started = performance.now();
const path = await ensureTinyModel(values.dir, { force: values.force });
console.log(`${path} (${Math.round(performance.now() - started)} ms)`);
