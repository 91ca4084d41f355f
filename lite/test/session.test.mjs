// The wasm Session's JavaScript API in Node (node --test): execute,
// complete, inspect, isComplete, the interrupt flag and reset.
// PKG (default target/lite-build/pkg) is the wasm-bindgen output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const pkg = process.env.PKG || resolve(here, '../../target/lite-build/pkg');
const glue = await import(pathToFileURL(join(pkg, 'netbook_wasm.js')).href);
glue.initSync({ module: readFileSync(join(pkg, 'netbook_wasm_bg.wasm')) });

// What a terminal shows: streams and the text/plain of rich outputs.
const plain = outputs =>
  outputs.map(o => (o.output_type === 'stream' ? o.text : o.data?.['text/plain'] ?? '')).join('');

test('execute returns outputs, status and the execution count', () => {
  const s = new glue.Session();
  const r = s.execute('echo hello | grep h', false, true);
  assert.equal(r.status, 'ok');
  assert.equal(r.execution_count, 1);
  assert.deepEqual(r.outputs, [{ output_type: 'stream', name: 'stdout', text: 'hello\n' }]);
  const e = s.execute('nosuchcommand', false, true);
  assert.equal(e.status, 'error');
  assert.equal(e.execution_count, 2);
  assert.equal(e.ename, 'CommandNotFound');
  assert.equal(e.outputs.at(-1).output_type, 'error');
  const silent = s.execute('echo quiet', true, true);
  assert.deepEqual(silent.outputs, []);
  assert.equal(silent.execution_count, 2);
});

test('rich results carry text/plain, text/html and image/svg+xml', () => {
  const s = new glue.Session();
  s.execute('ip netns add ns1\nip link add br0 type bridge', false, true);
  const r = s.execute('netbook topology', false, true);
  const res = r.outputs.find(o => o.output_type === 'execute_result');
  assert.ok(res, JSON.stringify(r.outputs));
  assert.equal(res.execution_count, 2);
  assert.match(res.data['image/svg+xml'], /<svg/);
  assert.equal(typeof res.data['text/plain'], 'string');
});

test('complete, inspect and isComplete', () => {
  const s = new glue.Session();
  assert.deepEqual(s.complete('ec', 2), {
    status: 'ok', matches: ['echo'], cursor_start: 0, cursor_end: 2,
    metadata: { _jupyter_types_experimental: [{ start: 0, end: 2, text: 'echo', type: 'command' }] }
  });
  const i = s.inspect('grep', 2);
  assert.equal(i.found, true);
  assert.match(i.data['text/plain'], /grep/);
  assert.equal(s.inspect('zzz', 1).found, false);
  assert.equal(s.isComplete("echo 'open").status, 'incomplete');
  assert.equal(s.isComplete('echo ok').status, 'complete');
  assert.equal(s.isComplete('; ;').status, 'invalid');
});

test('reset gives a fresh world and count', () => {
  const s = new glue.Session();
  s.execute('ip netns add a', false, true);
  assert.equal(plain(s.execute('ip netns list', false, true).outputs), 'a\n');
  s.reset();
  assert.equal(s.executionCount, 0);
  assert.equal(plain(s.execute('ip netns list', false, true).outputs), '');
});

test('without a host pacer nothing waits; the interrupt flag ends a paced ping', () => {
  const s = new glue.Session();
  s.execute('ip netns add a\nip -n a link set lo up', false, true);
  const t0 = performance.now();
  const free = s.execute('ip netns exec a ping -c 5 127.0.0.1', false, true);
  assert.equal(free.status, 'ok');
  assert.ok(performance.now() - t0 < 2000, 'a ping without a pacer must not wait');
  const all = plain(free.outputs);
  assert.equal((all.match(/bytes from/g) || []).length, 5);

  // A host that waits: a ping without -c waits between replies in real
  // time. The handle set during the second wait ends ping there, after two
  // replies, as SIGINT cuts the real ping's wait.
  const flag = s.interruptHandle();
  let waits = 0;
  globalThis.netbookPace = () => {
    waits += 1;
    if (waits === 2) {
      flag.interrupt();
    }
    return true;
  };
  s.useHostPacer();
  const cut = s.execute('ip netns exec a ping 127.0.0.1', false, true);
  assert.equal(cut.status, 'error');
  assert.equal(cut.ename, 'KeyboardInterrupt');
  assert.equal(waits, 2);
  assert.equal((plain(cut.outputs).match(/bytes from/g) || []).length, 2);

  // A host whose wait was cut short (Atomics.wait woken) returns false.
  waits = 0;
  globalThis.netbookPace = () => {
    waits += 1;
    return waits < 2;
  };
  const woken = s.execute('ip netns exec a ping 127.0.0.1', false, true);
  delete globalThis.netbookPace;
  assert.equal(woken.ename, 'KeyboardInterrupt');
  assert.equal((plain(woken.outputs).match(/bytes from/g) || []).length, 2);
  // The next cell starts with the flag cleared.
  assert.equal(s.execute('echo next', false, true).status, 'ok');
});
