import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHiddenTests } from './hidden-tests.ts';
import { BACKENDS, type Backend, countProcessesOf, which } from './isolation.ts';
import { createSandbox, type ProcessRun, type Sandbox } from './sandbox.ts';

// These tests run real hostile code under the real isolation, once per backend installed here:
// bubblewrap where present, and util-linux's unshare, which a Debian base system always has. A
// backend is skipped only when its program is absent; one that is present but does not work fails.
const installed = (backend: Backend) => which(backend) !== null;

describe('sandbox backends', () => {
  it('has at least one backend to test, and the util-linux one (Debian base) works here', async () => {
    expect(BACKENDS.filter(installed)).not.toEqual([]);
    const sandbox = await createSandbox({ backend: 'unshare' });
    try {
      expect(sandbox.unavailableReason).toBeNull();
      expect(sandbox.backend).toBe('unshare');
      expect(sandbox.description).toMatch(/^unshare /);
    } finally {
      await sandbox.close();
    }
  });

  it('picks bubblewrap when it is installed, else unshare, and names it', async () => {
    const sandbox = await createSandbox();
    try {
      expect(sandbox.backend).toBe(installed('bwrap') ? 'bwrap' : 'unshare');
    } finally {
      await sandbox.close();
    }
  });

  it.skipIf(installed('bwrap'))(
    'refuses a backend that is not installed, naming what is missing',
    async () => {
      const sandbox = await createSandbox({ backend: 'bwrap' });
      expect(sandbox.available).toBe(false);
      expect(sandbox.unavailableReason).toBe('bwrap: missing bwrap (Debian package bubblewrap)');
    },
  );
});

for (const backend of BACKENDS)
  describe.skipIf(!installed(backend))(`${backend} backend`, () => containment(backend));

function containment(backend: Backend) {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await createSandbox({ limits: { wallMs: 5_000 }, concurrency: 2, backend });
    if (!sandbox.available) throw new Error(`sandbox unavailable: ${sandbox.unavailableReason}`);
  });
  afterAll(() => sandbox?.close());

  async function python(code: string, limits = {}): Promise<ProcessRun> {
    const run = await sandbox.execute({
      runtime: 'python',
      files: { 'main.py': code },
      args: ['main.py'],
      limits,
    });
    if (run.status !== 'ran') throw new Error(run.reason);
    return run;
  }

  async function node(code: string, limits = {}): Promise<ProcessRun> {
    const run = await sandbox.execute({
      runtime: 'node',
      files: { 'main.mjs': code },
      args: ['main.mjs'],
      limits,
    });
    if (run.status !== 'ran') throw new Error(run.reason);
    return run;
  }

  describe('sandbox network', () => {
    let server: Server;
    let port = 0;
    let connections = 0;
    beforeAll(async () => {
      server = createServer((socket) => {
        connections++;
        socket.end('hello');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as { port: number }).port;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('the test server answers connections from outside the sandbox (the control)', async () => {
      const run = await new Promise<string>((resolve, reject) => {
        import('node:net').then(({ connect }) => {
          const s = connect(port, '127.0.0.1');
          s.on('data', (d) => resolve(d.toString()));
          s.on('error', reject);
        });
      });
      expect(run).toBe('hello');
      connections = 0;
    });

    it('Python code cannot connect to a TCP server the test opened on 127.0.0.1', async () => {
      const run = await python(`
import socket
try:
    socket.create_connection(('127.0.0.1', ${port}), timeout=2).recv(5)
    print('CONNECTED')
except OSError as e:
    print('refused', e.errno)
`);
      expect(run.stdout).toMatch(/^refused/);
      expect(connections).toBe(0);
    });

    it('Node code cannot connect to it either, nor resolve a public name', async () => {
      const run = await node(`
import { connect } from 'node:net';
import { lookup } from 'node:dns/promises';
const tcp = await new Promise((resolve) => {
  const s = connect(${port}, '127.0.0.1');
  s.on('connect', () => resolve('CONNECTED'));
  s.on('error', (e) => resolve(e.code));
});
const dns = await lookup('registry.npmjs.org').then(() => 'RESOLVED', (e) => e.code);
console.log(tcp, dns);
`);
      // refused on the jail's own loopback; unreachable where the unshare jail could not bring
      // loopback up (no iproute2, as on a minimal Debian)
      expect(run.stdout.trim()).toMatch(/^(ECONNREFUSED|ENETUNREACH) (ENOTFOUND|EAI_AGAIN)$/);
      expect(connections).toBe(0);
    });
  });

  describe('sandbox filesystem', () => {
    it('code can write in its own folder but not into the repo nor the host /tmp', async () => {
      const repoFile = fileURLToPath(
        new URL(`./escape-${randomBytes(4).toString('hex')}.txt`, import.meta.url),
      );
      const tmpFile = join(tmpdir(), `ringside-escape-${randomBytes(4).toString('hex')}.txt`);
      const run = await python(`
import os
def attempt(path):
    try:
        with open(path, 'w') as f:
            f.write('escaped')
        return 'written'
    except OSError as e:
        return 'denied'
print('own', attempt('own.txt'), os.path.exists('own.txt'))
print('repo', attempt(${JSON.stringify(repoFile)}))
print('tmp', attempt(${JSON.stringify(tmpFile)}))
`);
      expect(run.stdout).toContain('own written True');
      expect(run.stdout).toContain('repo denied');
      // /tmp inside is a private tmpfs: the write may succeed there, but never reaches the host
      expect(existsSync(repoFile)).toBe(false);
      expect(existsSync(tmpFile)).toBe(false);
    });

    it("hides home folders and the runner's environment from the code", async () => {
      process.env.RINGSIDE_TEST_SECRET = 'sk-should-not-leak';
      try {
        const run = await python(`
import os
print(sorted(os.listdir('/root')))
print('RINGSIDE_TEST_SECRET' in os.environ, os.getuid() != 0)
`);
        expect(run.stdout).not.toContain('.bashrc');
        expect(run.stdout).toContain('False True');
      } finally {
        delete process.env.RINGSIDE_TEST_SECRET;
      }
    });
  });

  describe('sandbox limits', () => {
    it('caps the number of processes: 500 forks stop at the process limit', async () => {
      const run = await python(
        `
import os, time
children = 0
for _ in range(500):
    try:
        if os.fork() == 0:
            time.sleep(3)
            os._exit(0)
        children += 1
    except OSError:
        break
print(children)
`,
        { processes: 32 },
      );
      expect(Number(run.stdout.trim())).toBeGreaterThan(0);
      expect(Number(run.stdout.trim())).toBeLessThan(32);
    });

    it('contains a fork bomb: killed at the time limit, and no process of it survives', async () => {
      const started = performance.now();
      const run = await python(
        `
import os
while True:
    try:
        os.fork()
    except OSError:
        pass
`,
        { wallMs: 2_000, processes: 32 },
      );
      expect(run.timedOut).toBe(true);
      expect(performance.now() - started).toBeLessThan(6_000);
      // no uid the sandbox runs code as has a process left
      expect(sandbox.uids.length).toBeGreaterThan(0);
      expect(sandbox.uids.map(countProcessesOf)).toEqual(sandbox.uids.map(() => 0));
    });

    it('kills an infinite loop at the wall-time limit', async () => {
      const run = await python('while True:\n    pass\n', { wallMs: 1_000 });
      expect(run.timedOut).toBe(true);
      expect(run.durationMs).toBeGreaterThanOrEqual(1_000);
      expect(run.durationMs).toBeLessThan(4_000);
    });

    it('stops a Python memory hog at the memory limit', async () => {
      const answer = '```python\ndef hog():\n    return bytearray(2 * 1024 ** 3)\n```';
      const run = await runHiddenTests(sandbox, {
        language: 'python',
        answer,
        tests: 'def test_hog():\n    assert len(hog()) > 0\n',
        limits: { memoryBytes: 256 * 1024 * 1024 },
      });
      expect(run.reason).toBe('memory');
      expect(run.tests[0]).toMatchObject({ name: 'test_hog', passed: false, kind: 'memory' });
    });

    it('stops a JavaScript memory hog at the heap limit', async () => {
      const answer = '```js\nfunction hog() { const a = []; for (;;) a.push(new Array(1e6).fill(1)); }\n```';
      const run = await runHiddenTests(sandbox, {
        language: 'javascript',
        answer,
        tests: "test('hog', () => hog());",
        limits: { memoryBytes: 128 * 1024 * 1024 },
      });
      expect(run.reason).toBe('memory');
      expect(run.tests[0]).toMatchObject({ name: 'hog', passed: false });
    });

    it('caps output: a print loop is killed and only the cap is kept', async () => {
      const run = await python("while True:\n    print('x' * 1000)\n", { outputBytes: 10_000 });
      expect(run.outputLimited).toBe(true);
      expect(run.stdout.length).toBe(10_000);
      expect(run.stdoutTruncated).toBe(true);
    });

    it('caps the size of a written file', async () => {
      const run = await python(
        `
try:
    with open('big.bin', 'wb') as f:
        f.write(b'0' * (4 * 1024 * 1024))
    print('WROTE')
except OSError as e:
    print('limited', e.errno)
`,
        { fileBytes: 1024 * 1024 },
      );
      expect(run.stdout).not.toContain('WROTE');
    });
  });
}
