/**
 * The Python harness: loads the answer into a namespace (its `if __name__ == '__main__':` block
 * does not run), runs the hidden tests' `test_*` functions in order, and reports each on fd 3.
 */
export const PYTHON_HARNESS = String.raw`
import json, linecache, os, sys, traceback

NONCE = os.environ.pop('RINGSIDE_NONCE', '')
_channel = os.fdopen(3, 'w', buffering=1, encoding='utf-8')

def _emit(event):
    _channel.write(NONCE + ' ' + json.dumps(event) + '\n')
    _channel.flush()

def _kind(error):
    if isinstance(error, MemoryError):
        return 'memory'
    if isinstance(error, AssertionError):
        return 'assertion'
    return 'error'

def _message(error):
    text = ''.join(traceback.format_exception_only(type(error), error)).strip()
    if isinstance(error, AssertionError) and not str(error):
        frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == 'tests.py']
        if frames:
            text = 'AssertionError at tests.py:%d: %s' % (frames[-1].lineno, (frames[-1].line or '').strip())
    return text[-2000:]

def _read(name):
    with open(name, encoding='utf-8') as handle:
        source = handle.read()
    linecache.cache[name] = (len(source), None, source.splitlines(True), name)
    return source

namespace = {'__name__': 'solution', '__builtins__': __builtins__}
try:
    code = compile(_read('solution.py'), 'solution.py', 'exec')
except (SyntaxError, ValueError) as error:
    _emit({'type': 'load', 'ok': False, 'kind': 'syntax-error', 'message': _message(error)})
    sys.exit(0)
try:
    exec(code, namespace)
except BaseException as error:
    kind = 'memory' if isinstance(error, MemoryError) else 'runtime-error'
    _emit({'type': 'load', 'ok': False, 'kind': kind, 'message': _message(error)})
    sys.exit(0)
_emit({'type': 'load', 'ok': True})

try:
    exec(compile(_read('tests.py'), 'tests.py', 'exec'), namespace)
except BaseException as error:
    _emit({'type': 'load', 'ok': False, 'kind': 'tests-error', 'message': _message(error)})
    sys.exit(0)

names = [
    name for name, value in list(namespace.items())
    if name.startswith('test') and callable(value)
    and getattr(getattr(value, '__code__', None), 'co_filename', '') == 'tests.py'
]
for name in names:
    _emit({'type': 'test-start', 'name': name})
    try:
        namespace[name]()
        _emit({'type': 'test', 'name': name, 'passed': True})
    except BaseException as error:
        _emit({'type': 'test', 'name': name, 'passed': False, 'kind': _kind(error), 'message': _message(error)})
_emit({'type': 'done'})
# leave without waiting for threads the answer started, but keep what it printed
for stream in (sys.stdout, sys.stderr):
    try:
        stream.flush()
    except Exception:
        pass
os._exit(0)
`;
