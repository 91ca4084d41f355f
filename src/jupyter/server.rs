//! The ZeroMQ side: binds the five sockets of the connection file and moves
//! messages between them and the dispatch core.
//!
//! - shell ROUTER -> one queue -> one executor thread (owns the [`Session`]);
//! - control ROUTER on its own task (interrupt and shutdown answer while a
//!   cell runs);
//! - iopub XPUB on its own task; it greets each new subscriber with
//!   `iopub_welcome` (JEP 65), so clients know when they stop missing output;
//! - heartbeat REP echo on its own task: a busy cell never stalls it;
//! - stdin ROUTER is bound for clients that expect it; no command asks for input.
//!
//! Every socket refuses an inbound message over the maximum size before
//! allocating for it and drops that peer only; each IOPub subscriber has its
//! own bounded queue, so one that stops reading misses output instead of
//! stalling everyone ([`TransportLimits`]).

use super::connection::ConnectionInfo;
use super::control::{control, ControlAction};
use super::kernel::{Kernel, Outbox};
use super::limits::TransportLimits;
use super::wire::{decode, encode, header, Incoming, Outgoing, ReplayGuard, Signer};
use crate::shell::Session;
use bytes::Bytes;
use serde_json::json;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use tokio::sync::mpsc::{unbounded_channel, UnboundedSender};
use zeromq::{
    RepSocket, RouterSocket, Socket, SocketOptions, SocketRecv, SocketSend, XPubSocket, ZmqMessage,
};

/// Sends the core's messages to the iopub task and a reply task.
struct ChannelOutbox {
    iopub: UnboundedSender<Outgoing>,
    reply: UnboundedSender<Outgoing>,
}

impl Outbox for ChannelOutbox {
    fn iopub(&mut self, msg: Outgoing) {
        let _ = self.iopub.send(msg);
    }
    fn reply(&mut self, msg: Outgoing) {
        let _ = self.reply.send(msg);
    }
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

fn frames(msg: &Outgoing, signer: &Signer) -> Option<ZmqMessage> {
    ZmqMessage::try_from(encode(msg, signer)).ok()
}

/// After a receive error: log it, and wait a little when the socket has no
/// peer at all (`NoMessage` returns at once, and must not spin).
async fn pause_after(e: &zeromq::ZmqError, socket: &str) {
    if matches!(e, zeromq::ZmqError::NoMessage) {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    } else {
        eprintln!("netbook: {socket} receive error (peer dropped): {e}");
    }
}

/// Bytes a request must have freed (its peak heap minus the heap after it)
/// before the kernel hands free pages back to the system.
const TRIM_AFTER_FREEING: usize = 32 << 20;

/// Hands the heap's free pages back to the system after a request: glibc
/// keeps what a large cell freed, so the kernel's resident size would stay
/// at its largest cell's for the rest of the session.
fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        extern "C" {
            fn malloc_trim(pad: usize) -> i32;
        }
        // SAFETY: glibc's malloc_trim only releases free memory; it takes
        // the allocator's own locks and touches no live allocation.
        unsafe {
            malloc_trim(0);
        }
    }
}

/// Runs the kernel until a shutdown request arrives.
pub fn run(info: ConnectionInfo, limits: TransportLimits) -> Result<(), BoxError> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    rt.block_on(serve(info, limits))
}

/// The options every socket gets.
fn options(limits: &TransportLimits) -> SocketOptions {
    let mut o = SocketOptions::default();
    o.max_message_size(limits.max_message_size)
        .send_high_water_mark(limits.iopub_hwm);
    o
}

async fn serve(info: ConnectionInfo, limits: TransportLimits) -> Result<(), BoxError> {
    let signer = Signer::new(&info.key);
    let session_id = uuid::Uuid::new_v4().to_string();

    let mut shell = RouterSocket::with_options(options(&limits));
    shell.bind(&info.endpoint(info.shell_port)).await?;
    let mut control_sock = RouterSocket::with_options(options(&limits));
    control_sock.bind(&info.endpoint(info.control_port)).await?;
    let mut stdin = RouterSocket::with_options(options(&limits));
    stdin.bind(&info.endpoint(info.stdin_port)).await?;
    let mut iopub = XPubSocket::with_options(options(&limits));
    iopub.bind(&info.endpoint(info.iopub_port)).await?;
    let mut hb = RepSocket::with_options(options(&limits));
    hb.bind(&info.endpoint(info.hb_port)).await?;

    let (iopub_tx, mut iopub_rx) = unbounded_channel::<Outgoing>();
    let (reply_tx, mut reply_rx) = unbounded_channel::<Outgoing>();
    let (exec_tx, exec_rx) = std::sync::mpsc::channel::<Incoming>();

    let mut session = Session::new();
    session.set_pacer(Arc::new(super::pacer::RealTime));
    session.set_student(&super::student_from_env());
    let interrupt: Arc<AtomicBool> = session.interrupt_handle();

    // The executor: one thread, one queue, requests in arrival order.
    {
        let out = ChannelOutbox {
            iopub: iopub_tx.clone(),
            reply: reply_tx.clone(),
        };
        let sid = session_id.clone();
        std::thread::Builder::new()
            .name("netbook-executor".into())
            .spawn(move || {
                let mut out = out;
                let mut kernel = Kernel::new(session, sid);
                let mut pending: Option<Incoming> = None;
                loop {
                    let msg = match pending.take() {
                        Some(m) => m,
                        None => match exec_rx.recv() {
                            Ok(m) => m,
                            Err(_) => break,
                        },
                    };
                    crate::shell::memory::take_peak();
                    kernel.handle(msg, &mut out);
                    // Trim only after a request that freed a lot: trimming
                    // after every request cost 10x the median cell time,
                    // and after every long one still 7x (the hostile soak).
                    let freed = crate::shell::memory::take_peak()
                        .saturating_sub(crate::shell::memory::live_bytes());
                    if freed > TRIM_AFTER_FREEING {
                        release_free_memory();
                    }
                    if let Some(failed_at) = kernel.take_stop_on_error() {
                        // Cells queued behind a failed one are aborted, not
                        // run; one sent after the client saw the error runs.
                        let mut later = None;
                        while let Ok(next) = exec_rx.try_recv() {
                            if next.received >= failed_at {
                                later = Some(next);
                                break;
                            }
                            if next.msg_type == "execute_request" {
                                kernel.abort(&next, &mut out);
                            } else {
                                kernel.handle(next, &mut out);
                            }
                        }
                        if let Some(next) = later {
                            pending = Some(next);
                        }
                    }
                }
            })?;
    }

    // Heartbeat: echo whatever arrives. A receive error is one peer's
    // (oversized or malformed; it is dropped): keep beating for the others.
    // A peer that sends but never reads (no key needed) fills only its own
    // reply queue: REP drops its echoes without waiting (as libzmq does),
    // and the fair queue serves the others in between.
    tokio::spawn(async move {
        loop {
            match hb.recv().await {
                Ok(m) => {
                    let _ = hb.send(m).await;
                }
                Err(e) => pause_after(&e, "heartbeat").await,
            }
        }
    });

    // IOPub: publish, and greet subscribers.
    {
        let signer = signer.clone();
        let sid = session_id.clone();
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    sub = iopub.recv() => match sub {
                        Ok(m) => {
                            let frame = m.get(0).cloned().unwrap_or_default();
                            if frame.first() == Some(&1) {
                                let topic = String::from_utf8_lossy(&frame[1..]).to_string();
                                let welcome = Outgoing {
                                    identities: vec![Bytes::from(topic.clone())],
                                    header: header("iopub_welcome", &sid),
                                    parent_header: json!({}),
                                    metadata: json!({}),
                                    content: json!({"subscription": topic}),
                                };
                                if let Some(z) = frames(&welcome, &signer) {
                                    let _ = iopub.send(z).await;
                                }
                            }
                        }
                        Err(e) => pause_after(&e, "iopub").await,
                    },
                    msg = iopub_rx.recv() => match msg {
                        Some(msg) => {
                            if let Some(z) = frames(&msg, &signer) {
                                let _ = iopub.send(z).await;
                            }
                        }
                        None => break,
                    },
                }
            }
        });
    }

    // Shell: replies go out from their own task; requests go to the executor.
    let (mut shell_send, mut shell_recv) = shell.split();
    {
        let signer = signer.clone();
        tokio::spawn(async move {
            while let Some(msg) = reply_rx.recv().await {
                if let Some(z) = frames(&msg, &signer) {
                    if let Err(e) = shell_send.send(z).await {
                        eprintln!("netbook: shell send failed: {e}");
                    }
                }
            }
        });
    }
    {
        let signer = signer.clone();
        tokio::spawn(async move {
            let mut guard = ReplayGuard::default();
            loop {
                match shell_recv.recv().await {
                    Ok(m) => match decode(m.into_vec(), &signer)
                        .and_then(|msg| guard.admit(&msg).map(|_| msg))
                    {
                        Ok(msg) => {
                            if exec_tx.send(msg).is_err() {
                                break;
                            }
                        }
                        Err(e) => eprintln!("netbook: dropped shell message: {e}"),
                    },
                    Err(e) => pause_after(&e, "shell").await,
                }
            }
        });
    }

    // Stdin: nothing asks for input; drain so peers never block.
    tokio::spawn(async move {
        loop {
            if let Err(e) = stdin.recv().await {
                pause_after(&e, "stdin").await;
            }
        }
    });

    // SIGINT interrupts the running cell instead of killing the kernel.
    {
        let interrupt = interrupt.clone();
        tokio::spawn(async move {
            while tokio::signal::ctrl_c().await.is_ok() {
                interrupt.store(true, std::sync::atomic::Ordering::Relaxed);
            }
        });
    }

    // Control runs here; shutdown ends `serve`.
    struct Direct<'a> {
        replies: &'a mut Vec<Outgoing>,
        iopub: &'a UnboundedSender<Outgoing>,
    }
    impl Outbox for Direct<'_> {
        fn iopub(&mut self, msg: Outgoing) {
            let _ = self.iopub.send(msg);
        }
        fn reply(&mut self, msg: Outgoing) {
            self.replies.push(msg);
        }
    }
    let mut guard = ReplayGuard::default();
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    loop {
        let m = tokio::select! {
            m = control_sock.recv() => m,
            _ = term.recv() => {
                // SIGTERM: leave at once; nothing needs saving.
                return Ok(());
            }
        };
        let m = match m {
            Ok(m) => m,
            Err(e) => {
                pause_after(&e, "control").await;
                continue;
            }
        };
        let msg = match decode(m.into_vec(), &signer).and_then(|msg| guard.admit(&msg).map(|_| msg))
        {
            Ok(msg) => msg,
            Err(e) => {
                eprintln!("netbook: dropped control message: {e}");
                continue;
            }
        };
        let mut replies = Vec::new();
        let action = control(
            &session_id,
            &msg,
            &interrupt,
            &mut Direct {
                replies: &mut replies,
                iopub: &iopub_tx,
            },
        );
        for r in &replies {
            if let Some(z) = frames(r, &signer) {
                let _ = control_sock.send(z).await;
            }
        }
        if let ControlAction::Shutdown { .. } = action {
            // Let iopub flush the idle status before the sockets close.
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            return Ok(());
        }
    }
}
