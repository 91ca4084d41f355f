//! netbook's interpreter for the browser: the same [`netbook::shell::Session`]
//! the native kernel runs, exposed to JavaScript with wasm-bindgen.
//!
//! Every method returns plain JS objects shaped like Jupyter message
//! contents, so the JupyterLite kernel (lite/) forwards them as they are:
//! `execute` gives the cell's outputs in nbformat's shape (`stream`,
//! `display_data`, `execute_result`, `clear_output`, `error`), in the order
//! the native kernel publishes them on iopub.

use netbook::display::MimeBundle;
use netbook::shell::cell::Completeness;
use netbook::shell::{Emit, Pacer, Session as Core, Sink};
use serde_json::{json, Map, Value};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = JSON, js_name = parse)]
    fn json_parse(text: &str) -> JsValue;

    /// The host's real-time wait (see [`HostPacer`]): `globalThis.netbookPace(ms)`
    /// returns true when the whole wait passed, false when interrupted.
    #[wasm_bindgen(js_namespace = globalThis, js_name = netbookPace, catch)]
    fn host_pace(ms: f64) -> Result<bool, JsValue>;
}

fn to_js(v: &Value) -> JsValue {
    json_parse(&v.to_string())
}

/// A MIME bundle as the `data` object of display messages.
fn bundle_data(b: &MimeBundle) -> Value {
    let mut m = Map::new();
    for (mime, content) in b.iter() {
        m.insert(mime.to_string(), Value::String(content.to_string()));
    }
    Value::Object(m)
}

/// Real time from the JavaScript host: a worker that can block (with
/// `Atomics.wait` on shared memory) defines `globalThis.netbookPace`; the
/// library itself never reads a clock. A host without it waits for nothing.
struct HostPacer;

impl Pacer for HostPacer {
    fn wait(&self, dur: Duration, interrupt: &AtomicBool) -> bool {
        if interrupt.load(Ordering::Relaxed) {
            return false;
        }
        match host_pace(dur.as_secs_f64() * 1000.0) {
            Ok(true) => true,
            Ok(false) => {
                // The host saw the interrupt while waiting: the shell reads it here.
                interrupt.store(true, Ordering::Relaxed);
                false
            }
            Err(_) => true,
        }
    }
}

/// Collects a cell's outputs in nbformat's shape.
struct Outputs {
    count: usize,
    list: Vec<Value>,
}

impl Sink for Outputs {
    fn emit(&mut self, e: Emit) {
        let v = match e {
            Emit::Stdout(t) => json!({"output_type": "stream", "name": "stdout", "text": t}),
            Emit::Stderr(t) => json!({"output_type": "stream", "name": "stderr", "text": t}),
            Emit::Display(b) => {
                json!({"output_type": "display_data", "data": bundle_data(&b), "metadata": {}})
            }
            Emit::Result(b) => json!({
                "output_type": "execute_result",
                "data": bundle_data(&b),
                "metadata": {},
                "execution_count": self.count,
            }),
            Emit::Clear { wait } => json!({"output_type": "clear_output", "wait": wait}),
        };
        self.list.push(v);
    }
}

/// One learner's simulated network and shell, as the native kernel holds it.
#[wasm_bindgen]
pub struct Session {
    core: Core,
    interrupt: Arc<AtomicBool>,
    execution_count: usize,
}

impl Default for Session {
    fn default() -> Self {
        Session::new()
    }
}

#[wasm_bindgen]
impl Session {
    /// A fresh world; rich output in Korean like the native kernel.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Session {
        let core = Core::new();
        let interrupt = core.interrupt_handle();
        Session {
            core,
            interrupt,
            execution_count: 0,
        }
    }

    /// Lets commands wait in real time through `globalThis.netbookPace`.
    #[wasm_bindgen(js_name = useHostPacer)]
    pub fn use_host_pacer(&mut self) {
        self.core.set_pacer(Arc::new(HostPacer));
    }

    /// Runs a cell: `{status, execution_count, outputs, ename?, evalue?,
    /// traceback?}`. The error, if any, is also the last output, as the
    /// native kernel publishes it after the cell's other outputs.
    pub fn execute(&mut self, code: &str, silent: bool, store_history: bool) -> JsValue {
        if store_history && !silent {
            self.execution_count += 1;
        }
        let count = self.execution_count;
        let mut out = Outputs {
            count,
            list: Vec::new(),
        };
        let outcome = self.core.execute(code, &mut out);
        let mut reply = json!({"status": "ok", "execution_count": count});
        if let Some(err) = outcome.error {
            out.list.push(json!({
                "output_type": "error",
                "ename": err.ename,
                "evalue": err.evalue,
                "traceback": err.traceback,
            }));
            reply = json!({
                "status": "error",
                "execution_count": count,
                "ename": err.ename,
                "evalue": err.evalue,
                "traceback": err.traceback,
            });
        }
        if silent {
            out.list.clear();
        }
        reply["outputs"] = Value::Array(out.list);
        to_js(&reply)
    }

    /// `complete_reply` content.
    pub fn complete(&self, code: &str, cursor: usize) -> JsValue {
        let c = self.core.complete(code, cursor);
        let typed: Vec<Value> = c
            .matches
            .iter()
            .zip(&c.types)
            .map(|(m, t)| json!({"start": c.cursor_start, "end": c.cursor_end, "text": m, "type": t}))
            .collect();
        to_js(&json!({
            "status": "ok",
            "matches": c.matches,
            "cursor_start": c.cursor_start,
            "cursor_end": c.cursor_end,
            "metadata": {"_jupyter_types_experimental": typed},
        }))
    }

    /// `inspect_reply` content.
    pub fn inspect(&self, code: &str, cursor: usize) -> JsValue {
        let v = match self.core.inspect(code, cursor) {
            Some(b) => {
                json!({"status": "ok", "found": true, "data": bundle_data(&b), "metadata": {}})
            }
            None => json!({"status": "ok", "found": false, "data": {}, "metadata": {}}),
        };
        to_js(&v)
    }

    /// `is_complete_reply` content.
    #[wasm_bindgen(js_name = isComplete)]
    pub fn is_complete(&self, code: &str) -> JsValue {
        let v = match self.core.is_complete(code) {
            Completeness::Complete => json!({"status": "complete"}),
            Completeness::Incomplete => json!({"status": "incomplete", "indent": ""}),
            Completeness::Invalid => json!({"status": "invalid"}),
        };
        to_js(&v)
    }

    /// The flag the running cell checks between commands and while it
    /// waits, as its own object: JavaScript may set it while `execute` is
    /// running (from `netbookPace`), when the session itself is borrowed.
    #[wasm_bindgen(js_name = interruptHandle)]
    pub fn interrupt_handle(&self) -> Interrupt {
        Interrupt(self.interrupt.clone())
    }

    /// A fresh world and execution count (`%reset`, kernel restart).
    pub fn reset(&mut self) {
        self.core.reset();
        self.execution_count = 0;
    }

    /// The execution count of the last stored cell.
    #[wasm_bindgen(getter, js_name = executionCount)]
    pub fn execution_count(&self) -> usize {
        self.execution_count
    }
}

/// A shared interrupt flag (see [`Session::interrupt_handle`]); `execute`
/// clears it when the next cell starts.
#[wasm_bindgen]
pub struct Interrupt(Arc<AtomicBool>);

#[wasm_bindgen]
impl Interrupt {
    /// Interrupts the running cell (KeyboardInterrupt, status 130).
    pub fn interrupt(&self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// The version for `kernel_info_reply` (this crate is versioned with netbook).
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
