import type { Runtime } from '../../runtime.ts';

/** `ringside models`: what each configured server can run, marking what is loaded now (PRODUCT F1). */
export async function modelsCommand(rt: Runtime): Promise<number> {
  let failed = false;
  for (const id of rt.registry.ids()) {
    const provider = rt.registry.provider(id);
    const server = rt.registry.server(id);
    const where = server.baseUrl ? ` ${server.baseUrl}` : '';
    if (!provider.listModels) {
      console.log(`${id} (${server.kind}, ${server.lane})${where}: lists no models`);
      continue;
    }
    try {
      const models = await provider.listModels();
      console.log(`${id} (${server.kind}, ${server.lane})${where}`);
      for (const m of models) {
        const loaded = m.loaded === null ? '' : m.loaded ? '  [loaded]' : '';
        const size = m.sizeBytes ? `  ${(m.sizeBytes / 1e9).toFixed(2)} GB` : '';
        console.log(`  ${id}:${m.id}${loaded}${size}`);
      }
      if (models.length === 0) console.log('  (none)');
    } catch (err) {
      failed = true;
      console.log(
        `${id} (${server.kind})${where}: unreachable: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }
  return failed ? 1 : 0;
}
