// Child process for the kill -9 test of the results folder: works through results r-0…r-(n-1) the
// way the orchestrator will (skip completed, mark running, write), printing `wrote <id>` after each.
// Usage: node results-writer-child.ts <folder> <n> <textBytes>
import { openResultsFolder } from '../src/store/results-folder.ts';
import { sampleResults } from './arena-fixtures.ts';

const [folderPath, n, textBytes] = process.argv.slice(2);
if (!folderPath || !n || !textBytes)
  throw new Error('usage: results-writer-child.ts <folder> <n> <textBytes>');

const folder = await openResultsFolder(folderPath);
for (const result of sampleResults(Number(n), folder.battle.id, Number(textBytes))) {
  if (folder.isCompleted(result.id)) continue;
  await folder.markSlot(result.id, 'running');
  await folder.writeResult(result);
  process.stdout.write(`wrote ${result.id}\n`);
}
