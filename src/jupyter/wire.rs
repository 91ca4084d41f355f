//! The Jupyter wire format: ZeroMQ frames <-> messages, with HMAC signing.
//!
//! Frames: `[identities..., "<IDS|MSG>", signature, header, parent_header,
//! metadata, content, buffers...]`. The signature is the hex HMAC-SHA256 of
//! the four JSON frames with the connection key; an empty key means
//! unsigned. See the Jupyter messaging spec, "The Wire Protocol".

use bytes::Bytes;
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;

const DELIMITER: &[u8] = b"<IDS|MSG>";

/// Signs and verifies messages with the connection key.
#[derive(Clone)]
pub struct Signer {
    mac: Option<Hmac<Sha256>>,
}

impl Signer {
    /// A signer for `key`; an empty key signs nothing and accepts anything.
    pub fn new(key: &str) -> Self {
        let mac = if key.is_empty() {
            None
        } else {
            Hmac::<Sha256>::new_from_slice(key.as_bytes()).ok()
        };
        Signer { mac }
    }

    /// The hex signature of the four JSON frames.
    pub fn sign(&self, parts: [&[u8]; 4]) -> String {
        match &self.mac {
            None => String::new(),
            Some(mac) => {
                let mut m = mac.clone();
                for p in parts {
                    m.update(p);
                }
                hex::encode(m.finalize().into_bytes())
            }
        }
    }

    /// Checks a signature in constant time.
    pub fn verify(&self, signature: &[u8], parts: [&[u8]; 4]) -> bool {
        match &self.mac {
            None => true,
            Some(mac) => {
                let Ok(sig) = hex::decode(signature) else {
                    return false;
                };
                let mut m = mac.clone();
                for p in parts {
                    m.update(p);
                }
                m.verify_slice(&sig).is_ok()
            }
        }
    }
}

/// A received message, JSON parts kept as values.
#[derive(Debug, Clone)]
pub struct Incoming {
    /// ZeroMQ routing identities to send replies back.
    pub identities: Vec<Bytes>,
    /// The header as received (it becomes the parent header of replies).
    pub header: Value,
    /// `header.msg_type`.
    pub msg_type: String,
    /// The parent header.
    pub parent_header: Value,
    /// Metadata.
    pub metadata: Value,
    /// Content.
    pub content: Value,
    /// The signature frame as received (empty when unsigned).
    pub signature: Bytes,
    /// When the frames were decoded (arrival order for aborts).
    pub received: std::time::Instant,
}

/// A client's request of this type (unsigned), as the handlers' tests send it.
#[cfg(test)]
pub(crate) fn request(msg_type: &str, content: Value) -> Incoming {
    Incoming {
        identities: vec![Bytes::from_static(b"id")],
        header: json!({"msg_id": "m1", "msg_type": msg_type, "session": "client", "username": "u", "date": "2026-01-01T00:00:00Z", "version": "5.3"}),
        msg_type: msg_type.into(),
        parent_header: json!({}),
        metadata: json!({}),
        content,
        signature: Bytes::new(),
        received: std::time::Instant::now(),
    }
}

/// Why frames could not become a message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WireError {
    /// No `<IDS|MSG>` delimiter.
    #[error("no <IDS|MSG> delimiter in {0} frames")]
    NoDelimiter(usize),
    /// Fewer than the five frames after the delimiter.
    #[error("truncated message: {0} frames after the delimiter, need 5")]
    Truncated(usize),
    /// Wrong or missing HMAC signature.
    #[error("invalid signature")]
    BadSignature,
    /// A JSON frame did not parse.
    #[error("bad JSON in {frame}: {reason}")]
    BadJson {
        /// Which frame.
        frame: &'static str,
        /// The parser's message.
        reason: String,
    },
    /// The header has no string `msg_type`.
    #[error("header without msg_type")]
    NoMsgType,
    /// The header has no `msg_id`.
    #[error("header without msg_id")]
    NoMsgId,
    /// A message id seen before: a replay.
    #[error("replayed message {0}")]
    Replayed(String),
}

/// Splits, verifies and parses frames.
pub fn decode(frames: Vec<Bytes>, signer: &Signer) -> Result<Incoming, WireError> {
    let n = frames.len();
    let pos = frames
        .iter()
        .position(|f| f.as_ref() == DELIMITER)
        .ok_or(WireError::NoDelimiter(n))?;
    let rest = &frames[pos + 1..];
    if rest.len() < 5 {
        return Err(WireError::Truncated(rest.len()));
    }
    if !signer.verify(&rest[0], [&rest[1], &rest[2], &rest[3], &rest[4]]) {
        return Err(WireError::BadSignature);
    }
    let parse = |frame: &'static str, b: &Bytes| -> Result<Value, WireError> {
        serde_json::from_slice(b).map_err(|e| WireError::BadJson {
            frame,
            reason: e.to_string(),
        })
    };
    let header = parse("header", &rest[1])?;
    let msg_type = header
        .get("msg_type")
        .and_then(Value::as_str)
        .ok_or(WireError::NoMsgType)?
        .to_string();
    Ok(Incoming {
        identities: frames[..pos]
            .iter()
            .map(|f| Bytes::copy_from_slice(f))
            .collect(),
        msg_type,
        header,
        parent_header: parse("parent_header", &rest[2])?,
        metadata: parse("metadata", &rest[3])?,
        content: parse("content", &rest[4])?,
        // Copied: a slice would keep the whole read buffer (the message's
        // content too) alive as long as the request.
        signature: Bytes::copy_from_slice(&rest[0]),
        received: std::time::Instant::now(),
    })
}

/// Remembers recent `msg_id`s so a captured signed message cannot be
/// replayed: the same id with the same signature twice is refused.
///
/// The signature is part of the key because jupyter_client's ids are only
/// `<session>_<pid>_<counter>`: two clients made from one `KernelManager`
/// send the same ids for different messages, and must both be served.
///
/// Ids are kept as 64-bit hashes under a key drawn when the guard is made
/// (std's `RandomState`): a full window costs about 70 KiB instead of ~0.8 MiB of
/// strings, and nobody without the key can make two ids collide (by chance:
/// one in 2^52 per message with a full window).
#[derive(Debug, Default)]
pub struct ReplayGuard {
    key: std::collections::hash_map::RandomState,
    seen: std::collections::HashSet<u64>,
    order: std::collections::VecDeque<u64>,
}

/// How many ids a guard keeps (oldest forgotten first).
const REPLAY_WINDOW: usize = 4096;

impl ReplayGuard {
    /// Checks a decoded message; `Err` when its id was seen already or it
    /// has none.
    pub fn admit(&mut self, msg: &Incoming) -> Result<(), WireError> {
        let id = msg
            .header
            .get("msg_id")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .ok_or(WireError::NoMsgId)?;
        let h = std::hash::BuildHasher::hash_one(&self.key, (id, msg.signature.as_ref()));
        if !self.seen.insert(h) {
            return Err(WireError::Replayed(id.to_string()));
        }
        self.order.push_back(h);
        if self.order.len() > REPLAY_WINDOW {
            if let Some(old) = self.order.pop_front() {
                self.seen.remove(&old);
            }
        }
        Ok(())
    }
}

/// A message to send.
#[derive(Debug, Clone, PartialEq)]
pub struct Outgoing {
    /// Routing identities (shell/control replies) or the topic (iopub).
    pub identities: Vec<Bytes>,
    /// The header.
    pub header: Value,
    /// The parent header (`{}` when none).
    pub parent_header: Value,
    /// Metadata.
    pub metadata: Value,
    /// Content.
    pub content: Value,
}

impl Outgoing {
    /// The message type from the header.
    pub fn msg_type(&self) -> &str {
        self.header
            .get("msg_type")
            .and_then(Value::as_str)
            .unwrap_or("")
    }
}

/// Serialises and signs a message into frames.
pub fn encode(msg: &Outgoing, signer: &Signer) -> Vec<Bytes> {
    let header = serde_json::to_vec(&msg.header).unwrap_or_default();
    let parent = serde_json::to_vec(&msg.parent_header).unwrap_or_default();
    let metadata = serde_json::to_vec(&msg.metadata).unwrap_or_default();
    let content = serde_json::to_vec(&msg.content).unwrap_or_default();
    let sig = signer.sign([&header, &parent, &metadata, &content]);
    let mut frames = msg.identities.clone();
    frames.push(Bytes::from_static(DELIMITER));
    frames.push(Bytes::from(sig));
    frames.push(Bytes::from(header));
    frames.push(Bytes::from(parent));
    frames.push(Bytes::from(metadata));
    frames.push(Bytes::from(content));
    frames
}

/// A header for a message the kernel sends.
pub fn header(msg_type: &str, session: &str) -> Value {
    json!({
        "msg_id": uuid::Uuid::new_v4().to_string(),
        "session": session,
        "username": "netbook",
        "date": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
        "msg_type": msg_type,
        "version": super::PROTOCOL_VERSION,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(signer: &Signer) -> Vec<Bytes> {
        let msg = Outgoing {
            identities: vec![Bytes::from_static(b"client-1")],
            header: header("execute_request", "s"),
            parent_header: json!({}),
            metadata: json!({}),
            content: json!({"code": "echo hi"}),
        };
        encode(&msg, signer)
    }

    #[test]
    fn round_trip_and_signature() {
        let signer = Signer::new("secret");
        let frames = sample(&signer);
        assert_eq!(frames[1].as_ref(), DELIMITER);
        assert_eq!(frames[2].len(), 64, "hex sha256");
        let m = decode(frames, &signer).unwrap();
        assert_eq!(m.msg_type, "execute_request");
        assert_eq!(m.identities, vec![Bytes::from_static(b"client-1")]);
        assert_eq!(m.content["code"], "echo hi");
    }

    #[test]
    fn known_vector() {
        // HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog") split over 4 parts.
        let s = Signer::new("key");
        assert_eq!(
            s.sign([
                b"The quick ",
                b"brown fox ",
                b"jumps over ",
                b"the lazy dog"
            ]),
            "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"
        );
    }

    #[test]
    fn tampered_or_unsigned_messages_are_rejected() {
        let signer = Signer::new("secret");
        let mut frames = sample(&signer);
        let last = frames.len() - 1;
        frames[last] = Bytes::from_static(br#"{"code": "rm -rf /"}"#);
        assert_eq!(
            decode(frames, &signer).unwrap_err(),
            WireError::BadSignature
        );
        let unsigned = sample(&Signer::new(""));
        assert_eq!(
            decode(unsigned, &signer).unwrap_err(),
            WireError::BadSignature
        );
        let other_key = sample(&Signer::new("other"));
        assert_eq!(
            decode(other_key, &signer).unwrap_err(),
            WireError::BadSignature
        );
    }

    #[test]
    fn empty_key_means_unsigned() {
        let none = Signer::new("");
        let frames = sample(&none);
        assert_eq!(frames[2].len(), 0);
        assert!(decode(frames, &none).is_ok());
    }

    #[test]
    fn replays_are_refused() {
        let signer = Signer::new("k");
        let mut guard = ReplayGuard::default();
        let m = decode(sample(&signer), &signer).unwrap();
        assert!(guard.admit(&m).is_ok());
        assert!(matches!(guard.admit(&m), Err(WireError::Replayed(_))));
        let fresh = decode(sample(&signer), &signer).unwrap();
        assert!(guard.admit(&fresh).is_ok(), "new ids pass");
        // Another client's message under the same id is not a replay.
        let mut same_id = fresh.clone();
        same_id.signature = Bytes::from_static(b"0123");
        assert!(guard.admit(&same_id).is_ok());
        assert!(matches!(guard.admit(&same_id), Err(WireError::Replayed(_))));
        let mut no_id = fresh.clone();
        no_id.header = json!({"msg_type": "x"});
        assert_eq!(guard.admit(&no_id), Err(WireError::NoMsgId));
    }

    #[test]
    fn malformed_frames() {
        let s = Signer::new("");
        assert_eq!(
            decode(vec![Bytes::from_static(b"x")], &s).unwrap_err(),
            WireError::NoDelimiter(1)
        );
        let mut f = sample(&s);
        f.truncate(4);
        assert!(matches!(
            decode(f, &s).unwrap_err(),
            WireError::Truncated(_)
        ));
        let mut f = sample(&s);
        f[3] = Bytes::from_static(b"{not json");
        assert!(matches!(
            decode(f, &s).unwrap_err(),
            WireError::BadJson {
                frame: "header",
                ..
            }
        ));
        let mut f = sample(&s);
        f[3] = Bytes::from_static(b"{}");
        assert_eq!(decode(f, &s).unwrap_err(), WireError::NoMsgType);
    }
}
