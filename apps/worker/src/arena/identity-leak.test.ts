import { describe, expect, it } from 'vitest';
import { identityLeak } from './identity-leak.ts';

describe('identityLeak', () => {
  it.each([
    ['As an AI model trained by OpenAI, I cannot browse.', 'llama3.2'],
    ["I'm Claude, and here is the haiku.", 'claude-3-5-haiku'],
    ['This answer was developed by Google researchers.', 'y'],
    ['I am Qwen2.5, a large language model.', 'qwen2.5-coder-7b'],
    ['Answer from llama3.2 follows.', 'llama3.2'],
    ['Powered by GPT-4o.', 'gpt-4o'],
  ])('catches %j', (text, model) => {
    expect(identityLeak(text, { model })).not.toBeNull();
  });

  it("catches the model's own id even when it is no known family", () => {
    expect(identityLeak('Greetings from zorblax-7b!', { model: 'zorblax-7b:q4' })).toBe('zorblax-7b');
  });

  it('leaves answers alone that name nobody, including everyday words that happen to be model ids', () => {
    expect(identityLeak('Waves fold into foam; a tiny boat rocks.', { model: 'tiny' })).toBeNull();
    expect(identityLeak('def add(a, b):\n    return a + b', { model: 'qwen2.5:7b' })).toBeNull();
    expect(
      identityLeak('The gripped rope held; egyptian scribes wrote on papyrus.', { model: 'y' }),
    ).toBeNull();
  });
});
