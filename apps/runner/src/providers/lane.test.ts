import { describe, expect, it } from 'vitest';
import { defaultLane, isLoopbackUrl } from './lane.ts';

describe('defaultLane', () => {
  it('puts the box’s own servers in the local lane wherever they listen', () => {
    expect(defaultLane('llama-swap', 'http://gpu-box:8080')).toBe('local');
    expect(defaultLane('llama-server', undefined)).toBe('local');
    expect(defaultLane('ollama', 'http://127.0.0.1:11434')).toBe('local');
    expect(defaultLane('embedded', undefined)).toBe('local');
  });

  it('puts an openai-compatible server local only on a loopback address, and cloud APIs in the cloud lane', () => {
    expect(defaultLane('openai-compatible', 'http://localhost:1234/v1')).toBe('local');
    expect(defaultLane('openai-compatible', 'http://[::1]:8000')).toBe('local');
    expect(defaultLane('openai-compatible', 'http://192.168.1.20:8000')).toBe('cloud');
    expect(defaultLane('openai-compatible', 'https://openrouter.ai/api/v1')).toBe('cloud');
    expect(defaultLane('anthropic', 'http://127.0.0.1:9999')).toBe('cloud');
  });
});

describe('isLoopbackUrl', () => {
  it('knows loopback names and addresses and rejects look-alikes', () => {
    expect(
      ['http://localhost', 'http://api.localhost:1', 'http://127.8.9.10', 'http://0.0.0.0:80'].map(
        isLoopbackUrl,
      ),
    ).toEqual([true, true, true, true]);
    expect(['http://localhost.example.com', 'http://128.0.0.1', 'not a url'].map(isLoopbackUrl)).toEqual([
      false,
      false,
      false,
    ]);
  });
});
