// The netbook kernel's web worker: loads the wasm Session and answers
// requests {id, method, args} with {id, result} or {id, error}.
// Plain JavaScript, copied as an asset: the bundler never rewrites it.
let glue = null;
let session = null;
let flag = null; // Int32Array over shared memory: 1 = interrupt requested

async function init({ glueUrl, wasmUrl, shared }) {
  glue = await import(glueUrl);
  await glue.default({ module_or_path: wasmUrl });
  session = new glue.Session();
  if (shared) {
    // Cross-origin isolated page: real-time waits that an interrupt ends.
    flag = new Int32Array(shared);
    globalThis.netbookPace = ms => {
      Atomics.wait(flag, 0, 0, ms);
      return Atomics.exchange(flag, 0, 0) === 0;
    };
    session.useHostPacer();
  }
  return { version: glue.version() };
}

const methods = {
  init,
  execute: ([code, silent, storeHistory]) => {
    if (flag) {
      Atomics.store(flag, 0, 0);
    }
    try {
      return session.execute(code, silent, storeHistory);
    } catch (err) {
      // A trap (a bug in netbook) poisons the instance: start a new one.
      session = new glue.Session();
      const evalue = `netbook hit a bug and restarted its simulated network: ${err}`;
      const traceback = [evalue, 'Please report this cell\'s text to the netbook maintainers.'];
      return {
        status: 'error', execution_count: 0, ename: 'InternalError', evalue, traceback,
        outputs: [{ output_type: 'error', ename: 'InternalError', evalue, traceback }]
      };
    }
  },
  complete: ([code, cursor]) => session.complete(code, cursor),
  inspect: ([code, cursor]) => session.inspect(code, cursor),
  isComplete: ([code]) => session.isComplete(code),
  reset: () => session.reset()
};

self.onmessage = async ev => {
  const { id, method, args } = ev.data;
  try {
    const result = await methods[method](args);
    self.postMessage({ id, result });
  } catch (err) {
    self.postMessage({ id, error: String(err && err.stack ? err.stack : err) });
  }
};
