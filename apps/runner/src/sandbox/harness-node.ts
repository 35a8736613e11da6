/**
 * The JavaScript/TypeScript harness: the answer and the hidden tests are one module (the tests in
 * a block after the answer, so they see its top-level functions and may shadow its names); the
 * tests call the global `test(name, fn)` with the global `assert` (node:assert/strict).
 */
export const NODE_HARNESS = String.raw`
import assert from 'node:assert/strict';
import { writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const NONCE = process.env.RINGSIDE_NONCE ?? '';
delete process.env.RINGSIDE_NONCE;
const emit = (event) => writeSync(3, NONCE + ' ' + JSON.stringify(event) + '\n');
const message = (error) =>
  String(error instanceof Error ? (error.stack ?? error.message) : error).slice(0, 2000);
const isMemory = (error) =>
  error instanceof RangeError && /Array buffer allocation|Invalid array length|Invalid string length/.test(error.message);

const tests = [];
globalThis.test = (name, fn) => tests.push({ name: String(name), fn });
globalThis.it = globalThis.test;
globalThis.assert = assert;
globalThis.require = createRequire(import.meta.url);
globalThis.module = { exports: {} };
globalThis.exports = globalThis.module.exports;

try {
  await import(pathToFileURL(process.argv[2]).href);
} catch (error) {
  const kind = error instanceof SyntaxError ? 'syntax-error' : isMemory(error) ? 'memory' : 'runtime-error';
  emit({ type: 'load', ok: false, kind, message: message(error) });
  process.exit(0);
}
emit({ type: 'load', ok: true });
for (const t of tests) {
  emit({ type: 'test-start', name: t.name });
  try {
    await t.fn();
    emit({ type: 'test', name: t.name, passed: true });
  } catch (error) {
    const kind = error instanceof assert.AssertionError ? 'assertion' : isMemory(error) ? 'memory' : 'error';
    emit({ type: 'test', name: t.name, passed: false, kind, message: message(error) });
  }
}
emit({ type: 'done' });
process.exit(0);
`;

/** The JavaScript predicate harness of the `javascript` check: `input.json` holds output and context. */
export const PREDICATE_HARNESS = String.raw`
import { readFileSync, writeSync } from 'node:fs';

const NONCE = process.env.RINGSIDE_NONCE ?? '';
delete process.env.RINGSIDE_NONCE;
const emit = (event) => writeSync(3, NONCE + ' ' + JSON.stringify(event) + '\n');
const { output, context } = JSON.parse(readFileSync('input.json', 'utf8'));
const body = readFileSync('predicate.js', 'utf8');
try {
  const AsyncFunction = (async () => {}).constructor;
  const value = await new AsyncFunction('output', 'context', body)(output, context);
  const plain = value === undefined ? null : JSON.parse(JSON.stringify(value));
  emit({ type: 'predicate', value: plain });
} catch (error) {
  emit({ type: 'predicate-error', message: String(error instanceof Error ? error.message : error).slice(0, 2000) });
}
process.exit(0);
`;
