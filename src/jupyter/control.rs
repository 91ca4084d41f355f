//! The control channel: `interrupt_request`, `shutdown_request` and
//! `kernel_info_request`, answered on their own task while a cell runs.
//! An interrupt only sets the session's flag; the running command polls it.

use super::kernel::{kernel_info_content, publish, Outbox};
use super::wire::{header, Incoming, Outgoing};
use serde_json::{json, Value};

/// What the server must do after a control message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ControlAction {
    /// Keep serving.
    Continue,
    /// Exit the process once the reply is out (with `restart`, the client
    /// starts a fresh kernel, so the world resets).
    Shutdown {
        /// The client asked for a restart.
        restart: bool,
    },
}

/// Handles a control-channel message: `interrupt_request`,
/// `shutdown_request`, `kernel_info_request`. Runs on the control task, so
/// it answers while a cell is still executing.
pub fn control(
    session_id: &str,
    msg: &Incoming,
    interrupt: &std::sync::atomic::AtomicBool,
    out: &mut dyn Outbox,
) -> ControlAction {
    let status = |out: &mut dyn Outbox, state: &str| {
        publish(
            session_id,
            msg,
            out,
            "status",
            json!({ "execution_state": state }),
        );
    };
    let reply = |out: &mut dyn Outbox, msg_type: &str, content: Value| {
        out.reply(Outgoing {
            identities: msg.identities.clone(),
            header: header(msg_type, session_id),
            parent_header: msg.header.clone(),
            metadata: json!({}),
            content,
        });
    };
    status(out, "busy");
    let action = match msg.msg_type.as_str() {
        "interrupt_request" => {
            interrupt.store(true, std::sync::atomic::Ordering::Relaxed);
            reply(out, "interrupt_reply", json!({"status": "ok"}));
            ControlAction::Continue
        }
        "shutdown_request" => {
            let restart = msg
                .content
                .get("restart")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            // A running cell must not delay the shutdown.
            interrupt.store(true, std::sync::atomic::Ordering::Relaxed);
            reply(
                out,
                "shutdown_reply",
                json!({"status": "ok", "restart": restart}),
            );
            ControlAction::Shutdown { restart }
        }
        "kernel_info_request" => {
            reply(out, "kernel_info_reply", kernel_info_content());
            ControlAction::Continue
        }
        other => {
            eprintln!("netbook: unknown control message type {other:?} ignored");
            ControlAction::Continue
        }
    };
    status(out, "idle");
    action
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jupyter::kernel::VecOutbox;
    use crate::jupyter::wire::request;
    use std::sync::atomic::{AtomicBool, Ordering};

    #[test]
    fn interrupt_sets_the_flag_and_replies() {
        let flag = AtomicBool::new(false);
        let mut out = VecOutbox::default();
        let a = control(
            "s",
            &request("interrupt_request", json!({})),
            &flag,
            &mut out,
        );
        assert_eq!(a, ControlAction::Continue);
        assert!(flag.load(Ordering::Relaxed));
        assert_eq!(out.replies[0].msg_type(), "interrupt_reply");
        assert_eq!(out.iopub.len(), 2);
    }

    #[test]
    fn shutdown_with_restart() {
        let flag = AtomicBool::new(false);
        let mut out = VecOutbox::default();
        let a = control(
            "s",
            &request("shutdown_request", json!({"restart": true})),
            &flag,
            &mut out,
        );
        assert_eq!(a, ControlAction::Shutdown { restart: true });
        assert_eq!(
            out.replies[0].content,
            json!({"status": "ok", "restart": true})
        );
    }
}
