import { describe, expect, it } from 'vitest';
import { providerFixtureText } from '../../test/fixtures.ts';
import { extractErrorMessage, httpError, isRetryableStatus, parseRetryAfter } from './http-error.ts';

const headers = (h: Record<string, string> = {}) => new Headers(h);

describe('extractErrorMessage', () => {
  it.each([
    [
      'openai-error-400-context-length.json',
      /^This model's maximum context length is 4097 tokens\..* \(context_length_exceeded\)$/,
    ],
    ['openrouter-error-429.json', /^Rate limit exceeded: limit_rpm\/.*Please retry shortly\.$/],
    ['anthropic-error-529-overloaded.json', /^Overloaded \(overloaded_error\)$/],
    ['anthropic-error-400-invalid-request.json', /^prompt is too long.* \(invalid_request_error\)$/],
    ['ollama-error-doc-example.json', /^the model failed to generate a response$/],
    [
      'llama-swap-error-start-failed.json',
      /^unspecific error: upstream command exited prematurely \(internal_error\)$/,
    ],
    [
      'llama-swap-error-start-failed-legacy.txt',
      /^unable to start process: upstream command exited prematurely but successfully$/,
    ],
  ])('reads the vendor message out of %s', (file, expected) => {
    expect(extractErrorMessage(providerFixtureText(file))).toMatch(expected);
  });

  it('reads vLLM’s top-level message, FastAPI’s detail and OpenRouter’s upstream metadata.raw', () => {
    expect(
      extractErrorMessage(
        '{"object":"error","message":"max_tokens too large","type":"BadRequestError","code":400}',
      ),
    ).toBe('max_tokens too large');
    expect(extractErrorMessage('{"detail":"Not Found"}')).toBe('Not Found');
    expect(
      extractErrorMessage(
        '{"error":{"code":502,"message":"Provider returned error","metadata":{"raw":"upstream 503"}}}',
      ),
    ).toBe('Provider returned error: upstream 503');
  });

  it('returns undefined for an empty body or JSON without a message, and truncates long text', () => {
    expect(extractErrorMessage('')).toBeUndefined();
    expect(extractErrorMessage('{"ok":false}')).toBeUndefined();
    expect(extractErrorMessage('x'.repeat(2_000))).toHaveLength(501);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds, an HTTP date, and OpenAI’s retry-after-ms first', () => {
    expect(parseRetryAfter(headers({ 'retry-after': '20' }))).toBe(20);
    const now = Date.parse('Sun, 22 Nov 2026 01:00:00 GMT');
    expect(parseRetryAfter(headers({ 'retry-after': 'Sun, 22 Nov 2026 01:00:30 GMT' }), now)).toBe(30);
    expect(parseRetryAfter(headers({ 'retry-after-ms': '1500', 'retry-after': '2' }))).toBe(1.5);
  });

  it('ignores a missing or unreadable value', () => {
    expect(parseRetryAfter(headers())).toBeUndefined();
    expect(parseRetryAfter(headers({ 'retry-after': 'soon' }))).toBeUndefined();
  });
});

describe('httpError', () => {
  it('makes 429 rate-limited and retryable, 4xx not retryable, 5xx and 529 retryable', () => {
    expect(httpError(429, headers({ 'retry-after': '3' }), '')).toMatchObject({
      kind: 'rate-limited',
      isRetryable: true,
      retryAfterS: 3,
    });
    expect(httpError(400, headers(), '{"error":"bad"}')).toMatchObject({
      kind: 'http-error',
      isRetryable: false,
    });
    expect(
      httpError(529, headers(), providerFixtureText('anthropic-error-529-overloaded.json')),
    ).toMatchObject({
      kind: 'http-error',
      status: 529,
      isRetryable: true,
      message: 'HTTP 529: Overloaded (overloaded_error)',
    });
  });

  it('lets x-should-retry override the status and falls back to the status text', () => {
    expect(isRetryableStatus(500, headers({ 'x-should-retry': 'false' }))).toBe(false);
    expect(isRetryableStatus(400, headers({ 'x-should-retry': 'true' }))).toBe(true);
    expect(httpError(502, headers(), '', 'Bad Gateway').message).toBe('HTTP 502: Bad Gateway');
  });
});
