import {
  type BattleEvent,
  type Contestant,
  EMPTY_LIVE_STATE,
  foldEvent,
  type LiveState,
} from '@ringside/shared';
import { contestantLines } from './live-lines.ts';
import { renderLive, renderSummary } from './render.ts';

/**
 * The terminal view of a running battle: on a TTY a block of lines redrawn ~10 times a second;
 * elsewhere (CI logs) one line per slot start and end. `close()` prints the summary table.
 */
export class LiveView {
  private live: LiveState = EMPTY_LIVE_STATE;
  private readonly title: string;
  private readonly contestants: readonly Contestant[];
  private drawn = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly out: NodeJS.WriteStream;
  private readonly tty: boolean;

  constructor(title: string, contestants: readonly Contestant[], out: NodeJS.WriteStream = process.stdout) {
    this.title = title;
    this.contestants = contestants;
    this.out = out;
    this.tty = Boolean(out.isTTY) && process.env.CI !== 'true';
    if (this.tty) this.timer = setInterval(() => this.draw(), 100);
    else out.write(`▶ ${title}\n`);
  }

  onEvent = (e: BattleEvent): void => {
    this.live = foldEvent(this.live, e);
    if (this.tty) return;
    const c = 'contestantId' in e ? this.contestants.find((x) => x.id === e.contestantId) : undefined;
    const name = c ? (c.label ?? c.id) : '';
    if (e.type === 'contestant-start')
      this.out.write(`  ${name}: ${e.taskId}${e.repeat ? `#${e.repeat}` : ''} started\n`);
    if (e.type === 'result-end') {
      const m = e.metrics;
      this.out.write(
        `  ${name}: ${e.taskId} ${e.status} · TTFT ${m.ttftMs?.toFixed(1) ?? '-'} ms · ${m.decodeTpsClient?.toFixed(1) ?? '-'} tok/s · ${m.outputTokens ?? 0} tokens${e.error ? ` · ${e.error.message}` : ''}\n`,
      );
    }
  };

  private draw(): void {
    const lines = renderLive(this.title, this.lines());
    if (this.drawn > 0) this.out.write(`\x1b[${this.drawn}A`);
    for (const l of lines) this.out.write(`\x1b[2K${l}\n`);
    this.drawn = lines.length;
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.tty) this.draw();
    this.out.write(`\n${renderSummary(this.lines()).join('\n')}\n`);
  }

  private lines() {
    return contestantLines(this.contestants, this.live);
  }
}
