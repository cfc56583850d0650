//! The framing layer in front of tower-lsp-server.
//!
//! tower-lsp-server's codec stops reading after the first frame it cannot decode,
//! which ends the session. Here stdin is read by our own framer: frames whose body
//! is not JSON get a `-32700 Parse error` response, JSON that is not a JSON-RPC
//! message gets `-32600 Invalid request`, and only valid frames are passed on to
//! tower-lsp-server through an in-memory pipe. Its output is re-framed too, so that
//! our error responses never interleave with its messages on stdout.

use std::io::{Read, Write};

use serde::Deserialize;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt, DuplexStream};
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::{Request, Response};

/// Frames larger than this are refused (their bytes are skipped).
const MAX_FRAME: usize = 512 * 1024 * 1024;

/// What the framer found in the byte stream.
#[derive(Debug, PartialEq, Eq)]
pub enum Frame {
    Body(Vec<u8>),
    /// A header block without a usable `Content-Length`; its bytes were skipped.
    BadHeader(String),
}

/// Splits a byte stream into `Content-Length` frames.
#[derive(Default)]
pub struct Framer {
    buf: Vec<u8>,
    /// Body length of the frame being read, once its header is complete.
    pending: Option<usize>,
    /// Bytes of an oversized body still to skip.
    skip: usize,
}

impl Framer {
    pub fn push(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// The next complete frame, if the buffer holds one.
    pub fn next_frame(&mut self) -> Option<Frame> {
        loop {
            if self.skip > 0 {
                let n = self.skip.min(self.buf.len());
                self.buf.drain(..n);
                self.skip -= n;
                if self.skip > 0 {
                    return None;
                }
            }
            if let Some(len) = self.pending {
                if self.buf.len() < len {
                    return None;
                }
                self.pending = None;
                let rest = self.buf.split_off(len);
                return Some(Frame::Body(std::mem::replace(&mut self.buf, rest)));
            }
            let end = find(&self.buf, b"\r\n\r\n")?;
            let header = String::from_utf8_lossy(&self.buf[..end]).into_owned();
            self.buf.drain(..end + 4);
            let length = header.split("\r\n").find_map(|line| {
                let (name, value) = line.split_once(':')?;
                name.trim()
                    .eq_ignore_ascii_case("content-length")
                    .then(|| value.trim().parse::<usize>().ok())?
            });
            match length {
                Some(len) if len <= MAX_FRAME => self.pending = Some(len),
                Some(len) => {
                    self.skip = len;
                    return Some(Frame::BadHeader(format!(
                        "frame of {len} bytes is too large"
                    )));
                }
                None => {
                    return Some(Frame::BadHeader(format!(
                        "header without a valid Content-Length: {:?}",
                        header.chars().take(80).collect::<String>()
                    )));
                }
            }
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Notifications the server writes itself, past tower-lsp-server's client:
/// serialized once, straight from the typed value. (The client's path builds a
/// `serde_json::Value` tree first; for the 2,700 diagnostics of a 1 MB article
/// building, printing and dropping it took longer than the analysis.) They go
/// to stdout in the order sent, through the writer that copies the server's frames.
#[derive(Clone)]
pub struct Outbox(mpsc::UnboundedSender<Vec<u8>>);

impl Outbox {
    pub fn new(sender: mpsc::UnboundedSender<Vec<u8>>) -> Outbox {
        Outbox(sender)
    }

    /// Queues a notification; `false` when it cannot be serialized or stdout is gone.
    pub fn notify<P: serde::Serialize>(&self, method: &str, params: &P) -> bool {
        #[derive(serde::Serialize)]
        struct Notification<'a, P> {
            jsonrpc: &'static str,
            method: &'a str,
            params: &'a P,
        }
        let message = Notification {
            jsonrpc: "2.0",
            method,
            params,
        };
        match serde_json::to_vec(&message) {
            Ok(body) => self.0.send(encode(&body)).is_ok(),
            Err(_) => false,
        }
    }
}

pub fn encode(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// Checks one frame's body: `Ok` when tower-lsp-server can decode it, else the
/// error response to send back.
pub fn validate(body: &[u8]) -> Result<(), Value> {
    let error = |code: i64, message: String, id: Value| json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}});
    let value: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => return Err(error(-32700, format!("Parse error: {e}"), Value::Null)),
    };
    // The shape first: tower-lsp-server reads some malformed objects leniently.
    let shaped = value.get("jsonrpc") == Some(&json!("2.0"))
        && match value.get("method") {
            Some(m) => m.is_string(),
            None => {
                value.get("id").is_some()
                    && (value.get("result").is_some() || value.get("error").is_some())
            }
        };
    if shaped && (Request::deserialize(&value).is_ok() || Response::deserialize(&value).is_ok()) {
        return Ok(());
    }
    let id = match value.get("id") {
        Some(id @ (Value::Number(_) | Value::String(_))) => id.clone(),
        _ => Value::Null,
    };
    Err(error(
        -32600,
        "Invalid request: not a JSON-RPC 2.0 message".into(),
        id,
    ))
}

/// Reads stdin on its own thread (a blocking read must not hold up the runtime's
/// shutdown), sending valid frames to `frames` and error responses to `replies`.
pub fn spawn_stdin_reader(frames: mpsc::Sender<Vec<u8>>, replies: mpsc::UnboundedSender<Vec<u8>>) {
    std::thread::spawn(move || {
        let mut stdin = std::io::stdin().lock();
        let mut framer = Framer::default();
        let mut chunk = vec![0u8; 64 * 1024];
        loop {
            let n = match stdin.read(&mut chunk) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    eprintln!("caixun lsp: reading stdin: {e}");
                    break;
                }
            };
            framer.push(&chunk[..n]);
            while let Some(frame) = framer.next_frame() {
                match frame {
                    Frame::Body(body) => match validate(&body) {
                        Ok(()) => {
                            if frames.blocking_send(body).is_err() {
                                return;
                            }
                        }
                        Err(reply) => {
                            eprintln!(
                                "caixun lsp: refused a frame: {}",
                                reply["error"]["message"].as_str().unwrap_or_default()
                            );
                            let _ = replies.send(encode(reply.to_string().as_bytes()));
                        }
                    },
                    Frame::BadHeader(why) => eprintln!("caixun lsp: skipped input: {why}"),
                }
            }
        }
    });
}

/// Writes the valid frames into tower-lsp-server's input pipe.
pub async fn feed_server(mut frames: mpsc::Receiver<Vec<u8>>, mut pipe: DuplexStream) {
    while let Some(body) = frames.recv().await {
        if pipe.write_all(&encode(&body)).await.is_err() {
            return;
        }
    }
    let _ = pipe.shutdown().await;
}

/// Copies tower-lsp-server's output frames and our error replies to stdout, whole
/// frames at a time, until the server's output ends.
pub async fn write_stdout(mut pipe: DuplexStream, mut replies: mpsc::UnboundedReceiver<Vec<u8>>) {
    let (out, written) = spawn_stdout_writer();
    let mut framer = Framer::default();
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        tokio::select! {
            read = pipe.read(&mut chunk) => {
                let n = match read {
                    Ok(0) | Err(_) => break,
                    Ok(n) => n,
                };
                framer.push(&chunk[..n]);
                while let Some(frame) = framer.next_frame() {
                    if let Frame::Body(body) = frame {
                        if out.send(encode(&body)).is_err() {
                            return;
                        }
                    }
                }
            }
            Some(reply) = replies.recv() => {
                if out.send(reply).is_err() {
                    return;
                }
            }
        }
    }
    while let Ok(reply) = replies.try_recv() {
        let _ = out.send(reply);
    }
    drop(out);
    let _ = written.await;
}

/// Writes whole frames to stdout on a thread of its own (flushing whenever none
/// is waiting), until the sender is dropped or stdout fails; the receiver hears
/// when it is done. tokio's `Stdout` would instead run every write and flush as a
/// `spawn_blocking` task in the pool the analyses use, where they race the
/// analyses for threads and make the pool grow (see `super::runtime`).
fn spawn_stdout_writer() -> (
    std::sync::mpsc::Sender<Vec<u8>>,
    tokio::sync::oneshot::Receiver<()>,
) {
    let (tx, rx) = std::sync::mpsc::channel::<Vec<u8>>();
    let (done, written) = tokio::sync::oneshot::channel();
    std::thread::spawn(move || {
        let mut stdout = std::io::stdout().lock();
        'frames: while let Ok(mut frame) = rx.recv() {
            loop {
                if stdout.write_all(&frame).is_err() {
                    break 'frames;
                }
                match rx.try_recv() {
                    Ok(next) => frame = next,
                    Err(_) => break,
                }
            }
            if stdout.flush().is_err() {
                break;
            }
        }
        let _ = stdout.flush();
        let _ = done.send(());
    });
    (tx, written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_split_anywhere() {
        let mut input = encode(br#"{"a":1}"#);
        input.extend(b"Content-Type: x\r\ncontent-length: 2\r\n\r\n{}");
        input.extend(b"Bogus: 1\r\n\r\n");
        input.extend(encode("“中”".as_bytes()));
        for split in 0..input.len() {
            let mut f = Framer::default();
            let mut out = Vec::new();
            f.push(&input[..split]);
            while let Some(fr) = f.next_frame() {
                out.push(fr);
            }
            f.push(&input[split..]);
            while let Some(fr) = f.next_frame() {
                out.push(fr);
            }
            assert_eq!(out.len(), 4, "split at {split}");
            assert_eq!(out[0], Frame::Body(br#"{"a":1}"#.to_vec()));
            assert_eq!(out[1], Frame::Body(b"{}".to_vec()));
            assert!(matches!(out[2], Frame::BadHeader(_)));
            assert_eq!(out[3], Frame::Body("“中”".as_bytes().to_vec()));
        }
    }

    #[test]
    fn validation() {
        assert!(validate(br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#).is_ok());
        assert!(validate(br#"{"jsonrpc":"2.0","id":3,"result":null}"#).is_ok());
        let e = validate(b"{not json").unwrap_err();
        assert_eq!(e["error"]["code"], -32700);
        assert_eq!(e["id"], Value::Null);
        let e = validate(br#"{"jsonrpc":"2.0","id":7,"foo":1}"#).unwrap_err();
        assert_eq!(e["error"]["code"], -32600);
        assert_eq!(e["id"], 7);
        assert_eq!(validate(b"[1,2]").unwrap_err()["error"]["code"], -32600);
        assert_eq!(validate(b"\xff\xfe").unwrap_err()["error"]["code"], -32700);
    }
}
