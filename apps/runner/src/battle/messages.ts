import type { Contestant, Task } from '@ringside/shared';
import type { ChatMessage } from '../providers/types.ts';

/** The conversation a contestant gets for a task: the task's system prompt, then the persona's, then the prompt. */
export function messagesFor(task: Task, contestant: Contestant): ChatMessage[] {
  const system = [task.system, contestant.persona?.systemPrompt]
    .filter((s): s is string => Boolean(s))
    .join('\n\n');
  return [
    ...(system ? [{ role: 'system' as const, content: system }] : []),
    { role: 'user', content: task.prompt },
  ];
}
