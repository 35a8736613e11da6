/**
 * The truth side of bench:runner, in its own process so its CPU is not the runner's: an
 * OpenAI-compatible SSE server that sends tokens at an exact cadence (first after `ttft` ms,
 * then one every `gap` ms, read from the path) and records the epoch-based
 * high-resolution time at which each token was handed to the socket. `GET /truth` returns them.
 */
import { createServer, type ServerResponse } from 'node:http';

const now = () => performance.timeOrigin + performance.now();
let truth: number[] = [];

/** Waits until `target` (epoch ms): a timer for most of the wait, then a short spin for sub-ms precision. */
async function until(target: number) {
  const coarse = target - now() - 2;
  if (coarse > 0) await new Promise((r) => setTimeout(r, coarse));
  // Always give the event loop a turn, or a fast cadence would queue every write until the end.
  else await new Promise((r) => setImmediate(r));
  while (now() < target) {
    /* spin */
  }
}

function chunk(res: ServerResponse, content: string) {
  res.write(
    `data: {"choices":[{"index":0,"delta":{"content":${JSON.stringify(content)}},"finish_reason":null}]}\n\n`,
  );
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  if (url.pathname === '/truth') {
    res.end(JSON.stringify(truth));
    return;
  }
  for await (const _ of req) {
    /* drain the request body */
  }
  // The cadence is in the path: /c/<ttft ms>/<gap ms>/<tokens>/v1/chat/completions
  const [, , ttft = 50, gap = 5, tokens = 200] = url.pathname.split('/').map(Number);
  const received = now();
  truth = [];
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.write(
    `data: {"choices":[{"index":0,"delta":{"role":"assistant","content":null},"finish_reason":null}]}\n\n`,
  );
  for (let i = 0; i < tokens; i++) {
    await until(received + ttft + i * gap);
    chunk(res, ` t${i}`);
    truth.push(now());
  }
  res.write(
    `data: {"choices":[{"index":0,"delta":{},"finish_reason":"length"}],"usage":{"prompt_tokens":5,"completion_tokens":${tokens},"total_tokens":${tokens + 5}}}\n\n`,
  );
  res.end('data: [DONE]\n\n');
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${typeof address === 'object' && address ? address.port : 0}\n`);
});
