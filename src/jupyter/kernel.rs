//! The protocol logic, without sockets: a dispatch table from message type
//! to handler. Every request is wrapped in `status: busy` / `status: idle`
//! on iopub with the request as parent, once, here. The socket layer
//! (`server.rs`) feeds it decoded messages and an [`Outbox`].

use super::history::{History, HISTORY_OUTPUT_CAP};
use super::wire::{header, Incoming, Outgoing};
use crate::display::MimeBundle;
use crate::shell::cell::Completeness;
use crate::shell::{Emit, Session, Sink};
use jupyter_protocol::{
    CodeMirrorMode, CommInfoReply, CompleteReply, ExecuteRequest, HelpLink, IsCompleteReply,
    IsCompleteReplyStatus, JupyterMessageContent, KernelInfoReply, LanguageInfo, ReplyStatus,
};
use serde::Serialize;
use serde_json::{json, Map, Value};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Where the handlers put the messages they send.
pub trait Outbox {
    /// Publishes on iopub.
    fn iopub(&mut self, msg: Outgoing);
    /// Replies on the socket the request came from.
    fn reply(&mut self, msg: Outgoing);
}

/// Collects messages in memory (tests, and the pure core's own users).
#[derive(Debug, Default)]
pub struct VecOutbox {
    /// Published messages in order.
    pub iopub: Vec<Outgoing>,
    /// Replies in order.
    pub replies: Vec<Outgoing>,
}

impl Outbox for VecOutbox {
    fn iopub(&mut self, msg: Outgoing) {
        self.iopub.push(msg)
    }
    fn reply(&mut self, msg: Outgoing) {
        self.replies.push(msg)
    }
}

type Handler = fn(&mut Kernel, &mut Incoming, &mut dyn Outbox);

/// Shell-channel handlers, by request type.
const SHELL: &[(&str, Handler)] = &[
    ("kernel_info_request", Kernel::kernel_info),
    ("execute_request", Kernel::execute),
    ("complete_request", Kernel::complete),
    ("inspect_request", Kernel::inspect),
    ("is_complete_request", Kernel::is_complete),
    ("history_request", Kernel::history),
    ("comm_info_request", Kernel::comm_info),
];

/// The kernel state behind the shell channel.
pub struct Kernel {
    session: Session,
    session_id: String,
    execution_count: usize,
    /// Cells run with store_history, for `history_request`.
    history: History,
    /// When the reply of a cell that failed with `stop_on_error` was sent.
    failed_stop: Option<std::time::Instant>,
}

/// The kernel's `kernel_info_reply` content.
pub fn kernel_info_content() -> Value {
    let reply = KernelInfoReply {
        status: ReplyStatus::Ok,
        protocol_version: super::PROTOCOL_VERSION.into(),
        implementation: "netbook".into(),
        implementation_version: env!("CARGO_PKG_VERSION").into(),
        language_info: LanguageInfo {
            name: "netbook".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            mimetype: Some("text/x-sh".into()),
            file_extension: Some(".sh".into()),
            pygments_lexer: Some("bash".into()),
            codemirror_mode: Some(CodeMirrorMode::Simple("shell".into())),
            nbconvert_exporter: None,
        },
        banner: format!(
            "netbook {} — a simulated Linux network (namespaces, veth, bridges, routes, iptables, DNS, SSH tunnels).\nType `help` for the commands.",
            env!("CARGO_PKG_VERSION")
        ),
        help_links: vec![
            HelpLink {
                text: "ip(8) — iproute2".into(),
                url: "https://man7.org/linux/man-pages/man8/ip.8.html".into(),
            },
            HelpLink {
                text: "iptables(8)".into(),
                url: "https://man7.org/linux/man-pages/man8/iptables.8.html".into(),
            },
            HelpLink {
                text: "Jupyter messaging".into(),
                url: "https://jupyter-client.readthedocs.io/en/latest/messaging.html".into(),
            },
        ],
        debugger: false,
        error: None,
    };
    to_value(reply)
}

fn to_value<T: Serialize>(t: T) -> Value {
    serde_json::to_value(t).unwrap_or_else(|_| json!({}))
}

/// A MIME bundle as the `data` object of display messages.
pub fn bundle_data(b: &MimeBundle) -> Value {
    let mut m = Map::new();
    for (mime, content) in b.iter() {
        m.insert(mime.to_string(), Value::String(content.to_string()));
    }
    Value::Object(m)
}

impl Kernel {
    /// A kernel around a session; `session_id` goes into every header.
    pub fn new(session: Session, session_id: String) -> Self {
        Kernel {
            session,
            session_id,
            execution_count: 0,
            history: History::default(),
            failed_stop: None,
        }
    }

    /// After a cell failed with `stop_on_error`: the instant its reply was
    /// sent (once). The server aborts the execute requests that had arrived
    /// before that instant (queued behind the failure, as JupyterLab's
    /// "Run All" sends them), never one sent after the client saw the error.
    pub fn take_stop_on_error(&mut self) -> Option<std::time::Instant> {
        self.failed_stop.take()
    }

    /// Answers a queued execute request without running it.
    pub fn abort(&mut self, msg: &Incoming, out: &mut dyn Outbox) {
        self.status(msg, out, "busy");
        let reply = self.message(
            msg,
            "execute_reply",
            json!({"status": "aborted", "execution_count": self.execution_count}),
        );
        out.reply(reply);
        self.status(msg, out, "idle");
    }

    /// The interpreter.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// A message that answers or follows `parent`.
    pub fn message(&self, parent: &Incoming, msg_type: &str, content: Value) -> Outgoing {
        Outgoing {
            identities: parent.identities.clone(),
            header: header(msg_type, &self.session_id),
            parent_header: parent.header.clone(),
            metadata: json!({}),
            content,
        }
    }

    fn publish(&self, parent: &Incoming, out: &mut dyn Outbox, msg_type: &str, content: Value) {
        publish(&self.session_id, parent, out, msg_type, content);
    }

    /// Publishes `status` for `parent`.
    pub fn status(&self, parent: &Incoming, out: &mut dyn Outbox, state: &str) {
        self.publish(parent, out, "status", json!({ "execution_state": state }));
    }

    /// Handles one shell-channel request: busy, the handler, idle.
    /// Unknown request types are logged and get no reply, as in ipykernel.
    /// Takes the request by value: a handler may take its content rather
    /// than copy it (a cell can be tens of MiB).
    pub fn handle(&mut self, mut msg: Incoming, out: &mut dyn Outbox) {
        let msg = &mut msg;
        self.status(msg, out, "busy");
        match SHELL.iter().find(|(t, _)| *t == msg.msg_type) {
            Some((_, h)) => {
                if catch_unwind(AssertUnwindSafe(|| h(self, msg, out))).is_err() {
                    eprintln!("netbook: handler for {} panicked", msg.msg_type);
                    let reply_type = msg.msg_type.replace("_request", "_reply");
                    let reply = self.message(msg, &reply_type, json!({"status": "error", "ename": "InternalError", "evalue": "the kernel hit a bug handling this request", "traceback": []}));
                    out.reply(reply);
                }
            }
            None => eprintln!("netbook: unknown message type {:?} ignored", msg.msg_type),
        }
        self.status(msg, out, "idle");
    }

    fn bad_request(&self, msg: &Incoming, out: &mut dyn Outbox, why: String) {
        eprintln!("netbook: malformed {}: {why}", msg.msg_type);
        let reply_type = msg.msg_type.replace("_request", "_reply");
        let content = json!({
            "status": "error",
            "ename": "BadRequest",
            "evalue": why,
            "traceback": [],
        });
        out.reply(self.message(msg, &reply_type, content));
    }

    /// The typed content; takes it out of `msg` (no copy).
    fn typed(&self, msg: &mut Incoming, out: &mut dyn Outbox) -> Option<JupyterMessageContent> {
        let content = std::mem::take(&mut msg.content);
        match JupyterMessageContent::from_type_and_content(&msg.msg_type, content) {
            Ok(c) => Some(c),
            Err(e) => {
                self.bad_request(msg, out, e.to_string());
                None
            }
        }
    }

    fn kernel_info(&mut self, msg: &mut Incoming, out: &mut dyn Outbox) {
        out.reply(self.message(msg, "kernel_info_reply", kernel_info_content()));
    }

    fn comm_info(&mut self, msg: &mut Incoming, out: &mut dyn Outbox) {
        out.reply(self.message(msg, "comm_info_reply", to_value(CommInfoReply::default())));
    }

    fn execute(&mut self, msg: &mut Incoming, out: &mut dyn Outbox) {
        let Some(JupyterMessageContent::ExecuteRequest(req)) = self.typed(msg, out) else {
            return;
        };
        let ExecuteRequest {
            code,
            silent,
            store_history,
            stop_on_error,
            ..
        } = req;
        let store_history = store_history && !silent;
        if store_history {
            self.execution_count += 1;
        }
        let count = self.execution_count;
        if !silent {
            self.publish(
                msg,
                out,
                "execute_input",
                json!({"code": code, "execution_count": count}),
            );
        }
        let mut sink = IopubSink {
            session_id: &self.session_id,
            parent: msg,
            out,
            silent,
            count,
            text: String::new(),
        };
        let outcome = self.session.execute(&code, &mut sink);
        let text = sink.text;
        if store_history {
            self.history.push(count, code, text);
        }
        let content = match outcome.error {
            None => json!({
                "status": "ok",
                "execution_count": count,
                "payload": [],
                "user_expressions": {},
            }),
            Some(err) => {
                if !silent {
                    self.publish(
                        msg,
                        out,
                        "error",
                        json!({"ename": err.ename, "evalue": err.evalue, "traceback": err.traceback}),
                    );
                }
                json!({
                    "status": "error",
                    "execution_count": count,
                    "ename": err.ename,
                    "evalue": err.evalue,
                    "traceback": err.traceback,
                    "payload": [],
                    "user_expressions": {},
                })
            }
        };
        if content["status"] == "error" && stop_on_error {
            self.failed_stop = Some(std::time::Instant::now());
        }
        out.reply(self.message(msg, "execute_reply", content));
    }

    fn complete(&mut self, msg: &mut Incoming, out: &mut dyn Outbox) {
        let Some(JupyterMessageContent::CompleteRequest(req)) = self.typed(msg, out) else {
            return;
        };
        let c = self.session.complete(&req.code, req.cursor_pos);
        // JupyterLab shows each candidate's type next to it.
        let typed: Vec<serde_json::Value> = c
            .matches
            .iter()
            .zip(&c.types)
            .map(|(m, t)| json!({"start": c.cursor_start, "end": c.cursor_end, "text": m, "type": t}))
            .collect();
        let mut metadata = Map::new();
        metadata.insert("_jupyter_types_experimental".into(), typed.into());
        let reply = CompleteReply {
            matches: c.matches,
            cursor_start: c.cursor_start,
            cursor_end: c.cursor_end,
            metadata,
            status: ReplyStatus::Ok,
            error: None,
        };
        out.reply(self.message(msg, "complete_reply", to_value(reply)));
    }

    fn inspect(&mut self, msg: &mut Incoming, out: &mut dyn Outbox) {
        let Some(JupyterMessageContent::InspectRequest(req)) = self.typed(msg, out) else {
            return;
        };
        let content = match self.session.inspect(&req.code, req.cursor_pos) {
            Some(b) => {
                json!({"status": "ok", "found": true, "data": bundle_data(&b), "metadata": {}})
            }
            None => json!({"status": "ok", "found": false, "data": {}, "metadata": {}}),
        };
        out.reply(self.message(msg, "inspect_reply", content));
    }

    fn is_complete(&mut self, msg: &mut Incoming, out: &mut dyn Outbox) {
        let Some(JupyterMessageContent::IsCompleteRequest(req)) = self.typed(msg, out) else {
            return;
        };
        let reply = match self.session.is_complete(&req.code) {
            Completeness::Complete => {
                IsCompleteReply::new(IsCompleteReplyStatus::Complete, String::new())
            }
            Completeness::Incomplete => {
                IsCompleteReply::new(IsCompleteReplyStatus::Incomplete, String::new())
            }
            Completeness::Invalid => {
                IsCompleteReply::new(IsCompleteReplyStatus::Invalid, String::new())
            }
        };
        let mut v = to_value(reply);
        if v["status"] != "incomplete" {
            if let Some(o) = v.as_object_mut() {
                o.remove("indent");
            }
        }
        out.reply(self.message(msg, "is_complete_reply", v));
    }

    /// `history_request`: `tail`, `range` and `search` (glob with `*`, `?`).
    fn history(&mut self, msg: &mut Incoming, out: &mut dyn Outbox) {
        match self.history.reply(&msg.content) {
            Ok(history) => out.reply(self.message(
                msg,
                "history_reply",
                json!({"status": "ok", "history": history}),
            )),
            Err(why) => self.bad_request(msg, out, why),
        }
    }
}

/// Publishes on iopub with the topic `kernel.<session>.<msg_type>`.
pub(super) fn publish(
    session_id: &str,
    parent: &Incoming,
    out: &mut dyn Outbox,
    msg_type: &str,
    content: Value,
) {
    out.iopub(Outgoing {
        identities: vec![format!("kernel.{session_id}.{msg_type}").into()],
        header: header(msg_type, session_id),
        parent_header: parent.header.clone(),
        metadata: json!({}),
        content,
    });
}

/// Turns the interpreter's outputs into iopub messages as they happen.
struct IopubSink<'a> {
    session_id: &'a str,
    parent: &'a Incoming,
    out: &'a mut dyn Outbox,
    silent: bool,
    count: usize,
    /// Text shown, kept for `history` with `output=True`.
    text: String,
}

impl Sink for IopubSink<'_> {
    fn emit(&mut self, e: Emit) {
        let (msg_type, content) = match &e {
            Emit::Stdout(t) => ("stream", json!({"name": "stdout", "text": t})),
            Emit::Stderr(t) => ("stream", json!({"name": "stderr", "text": t})),
            Emit::Display(b) => (
                "display_data",
                json!({"data": bundle_data(b), "metadata": {}, "transient": {}}),
            ),
            Emit::Result(b) => (
                "execute_result",
                json!({"data": bundle_data(b), "metadata": {}, "execution_count": self.count}),
            ),
            Emit::Clear { wait } => ("clear_output", json!({"wait": wait})),
        };
        // History keeps only the start of the output: collect no more.
        let shown = match &e {
            Emit::Stdout(t) | Emit::Stderr(t) => t.as_str(),
            Emit::Display(b) | Emit::Result(b) => b.text(),
            Emit::Clear { .. } => {
                self.text.clear();
                ""
            }
        };
        let room = HISTORY_OUTPUT_CAP.saturating_sub(self.text.len());
        if room > 0 {
            let mut cut = room.min(shown.len());
            while !shown.is_char_boundary(cut) {
                cut -= 1;
            }
            self.text.push_str(&shown[..cut]);
        }
        if !self.silent {
            publish(self.session_id, self.parent, self.out, msg_type, content);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jupyter::wire::request;

    fn kernel() -> Kernel {
        Kernel::new(Session::new(), "kernel-session".into())
    }

    fn types(v: &[Outgoing]) -> Vec<String> {
        v.iter().map(|m| m.msg_type().to_string()).collect()
    }

    fn execute(k: &mut Kernel, code: &str) -> VecOutbox {
        let mut out = VecOutbox::default();
        k.handle(
            request("execute_request", json!({"code": code, "silent": false, "store_history": true, "user_expressions": {}, "allow_stdin": false})),
            &mut out,
        );
        out
    }

    #[test]
    fn execute_is_wrapped_in_busy_idle_with_parent() {
        let mut k = kernel();
        let out = execute(&mut k, "echo hello");
        assert_eq!(
            types(&out.iopub),
            vec!["status", "execute_input", "stream", "status"]
        );
        assert_eq!(out.iopub[0].content["execution_state"], "busy");
        assert_eq!(out.iopub[3].content["execution_state"], "idle");
        for m in &out.iopub {
            assert_eq!(m.parent_header["msg_id"], "m1");
            assert_eq!(m.header["session"], "kernel-session");
        }
        assert_eq!(out.iopub[2].content["text"], "hello\n");
        let reply = &out.replies[0];
        assert_eq!(reply.msg_type(), "execute_reply");
        assert_eq!(reply.identities, vec![bytes::Bytes::from_static(b"id")]);
        assert_eq!(reply.content["status"], "ok");
        assert_eq!(reply.content["execution_count"], 1);
        assert_eq!(reply.content["user_expressions"], json!({}));
        assert_eq!(reply.content["payload"], json!([]));
    }

    #[test]
    fn failed_cell_sends_one_error_and_an_error_reply() {
        let mut k = kernel();
        let out = execute(&mut k, "nosuch arg");
        let errors: Vec<_> = out
            .iopub
            .iter()
            .filter(|m| m.msg_type() == "error")
            .collect();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].content["ename"], "CommandNotFound");
        let r = &out.replies[0].content;
        assert_eq!(r["status"], "error");
        assert_eq!(r["ename"], "CommandNotFound");
        assert!(r["traceback"].as_array().is_some());
    }

    #[test]
    fn silent_publishes_nothing_but_status_and_keeps_the_count() {
        let mut k = kernel();
        let mut out = VecOutbox::default();
        k.handle(
            request("execute_request", json!({"code": "echo x > /tmp/f", "silent": true, "store_history": true, "user_expressions": {}})),
            &mut out,
        );
        assert_eq!(types(&out.iopub), vec!["status", "status"]);
        assert_eq!(out.replies[0].content["execution_count"], 0);
        assert!(
            k.session().world().fs.exists("/tmp/f"),
            "silent code still runs"
        );
    }

    #[test]
    fn last_rich_command_is_the_execute_result() {
        let mut k = kernel();
        let out = execute(&mut k, "help");
        let r = out
            .iopub
            .iter()
            .find(|m| m.msg_type() == "execute_result")
            .unwrap();
        assert_eq!(r.content["execution_count"], 1);
        assert!(r.content["data"]["text/html"]
            .as_str()
            .unwrap()
            .contains("<table"));
    }

    #[test]
    fn history_tail_range_search() {
        let mut k = kernel();
        execute(&mut k, "echo a");
        execute(&mut k, "echo b");
        execute(&mut k, "help echo");
        let mut out = VecOutbox::default();
        k.handle(
            request(
                "history_request",
                json!({"hist_access_type": "tail", "n": 2, "output": false, "raw": true}),
            ),
            &mut out,
        );
        assert_eq!(
            out.replies[0].content["history"],
            json!([[1, 2, "echo b"], [1, 3, "help echo"]])
        );
        let mut out = VecOutbox::default();
        k.handle(request("history_request", json!({"hist_access_type": "search", "pattern": "echo ?", "output": true, "raw": true})), &mut out);
        assert_eq!(
            out.replies[0].content["history"],
            json!([[1, 1, ["echo a", "a\n"]], [1, 2, ["echo b", "b\n"]]])
        );
        let mut out = VecOutbox::default();
        k.handle(request("history_request", json!({"hist_access_type": "range", "session": 0, "start": 2, "stop": 3, "output": false, "raw": true})), &mut out);
        assert_eq!(out.replies[0].content["history"], json!([[1, 2, "echo b"]]));
    }

    #[test]
    fn malformed_and_unknown_requests() {
        let mut k = kernel();
        let mut out = VecOutbox::default();
        k.handle(request("execute_request", json!({"nocode": 1})), &mut out);
        assert_eq!(out.replies[0].msg_type(), "execute_reply");
        assert_eq!(out.replies[0].content["status"], "error");
        let mut out = VecOutbox::default();
        k.handle(request("frobnicate_request", json!({})), &mut out);
        assert!(out.replies.is_empty());
        assert_eq!(types(&out.iopub), vec!["status", "status"]);
        // Still serving.
        let out = execute(&mut k, "echo alive");
        assert_eq!(out.replies[0].content["status"], "ok");
    }

    #[test]
    fn kernel_info_complete_inspect_is_complete() {
        let mut k = kernel();
        let mut out = VecOutbox::default();
        k.handle(request("kernel_info_request", json!({})), &mut out);
        let c = &out.replies[0].content;
        assert_eq!(c["language_info"]["name"], "netbook");
        assert_eq!(c["language_info"]["codemirror_mode"], "shell");
        assert_eq!(c["protocol_version"], "5.3");
        let mut out = VecOutbox::default();
        k.handle(
            request("complete_request", json!({"code": "ech", "cursor_pos": 3})),
            &mut out,
        );
        assert_eq!(out.replies[0].content["matches"], json!(["echo"]));
        let mut out = VecOutbox::default();
        k.handle(
            request(
                "inspect_request",
                json!({"code": "grep", "cursor_pos": 2, "detail_level": 0}),
            ),
            &mut out,
        );
        assert_eq!(out.replies[0].content["found"], true);
        let mut out = VecOutbox::default();
        k.handle(
            request("is_complete_request", json!({"code": "echo 'a"})),
            &mut out,
        );
        assert_eq!(out.replies[0].content["status"], "incomplete");
        let mut out = VecOutbox::default();
        k.handle(
            request("is_complete_request", json!({"code": "echo a"})),
            &mut out,
        );
        assert_eq!(out.replies[0].content, json!({"status": "complete"}));
    }

    #[test]
    fn a_failure_with_stop_on_error_arms_the_abort() {
        let mut k = kernel();
        execute(&mut k, "echo fine");
        assert!(k.take_stop_on_error().is_none());
        execute(&mut k, "nosuch");
        assert!(k.take_stop_on_error().is_some());
        assert!(k.take_stop_on_error().is_none(), "only once");
        let mut out = VecOutbox::default();
        k.abort(
            &request("execute_request", json!({"code": "echo x"})),
            &mut out,
        );
        assert_eq!(out.replies[0].content["status"], "aborted");
        assert_eq!(types(&out.iopub), vec!["status", "status"]);
    }
}
