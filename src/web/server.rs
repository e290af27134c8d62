//! Serving HTTP/1.1 on a socket, with the limits a public server needs:
//!
//! - at most `max_connections` connections at once; more wait in the listen backlog;
//! - each request's head must arrive within `header_timeout` of the server starting to wait
//!   for it, on a new connection or between requests on a kept-alive one (so the same
//!   deadline closes idle keep-alive connections and slow-header clients alike);
//! - a request head over `max_head_bytes` gets 431; a shutdown stops accepting and lets the
//!   requests in flight finish, for at most `shutdown_grace`.
//!
//! The HTTP library answers malformed, oversized or too-long requests itself (400, 414,
//! 431), before the router sees them. [`SecuredReplies`] rewrites those bare answers on the
//! way out into the site's error page with the same security headers every other response
//! carries.

use std::future::Future;
use std::io;
use std::pin::{Pin, pin};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tower::ServiceExt;

use crate::config::Config;
use crate::views;
use crate::web::{CONTENT_SECURITY_POLICY, SECURITY_HEADERS};

/// The limits one server runs with (see the module).
#[derive(Clone, Copy, Debug)]
pub struct ServerLimits {
    pub header_timeout: Duration,
    pub max_connections: usize,
    pub max_head_bytes: usize,
    pub shutdown_grace: Duration,
    /// Whether responses carry HSTS (the site is served over https).
    pub https: bool,
}

impl ServerLimits {
    /// The limits the settings ask for; request heads are held to 64 KiB.
    pub fn from_config(config: &Config) -> Self {
        Self {
            header_timeout: config.header_timeout,
            max_connections: config.max_connections,
            max_head_bytes: 64 * 1024,
            shutdown_grace: config.shutdown_grace,
            https: config.serves_https(),
        }
    }
}

/// Serves `app` on `listener` until `shutdown` resolves, then drains.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ServerLimits,
    shutdown: impl Future<Output = ()>,
) {
    let permits = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let replies = Arc::new(BareReplies::new(limits.https));
    let graceful = GracefulShutdown::new();
    let mut shutdown = pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = permits.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    // Out of file descriptors and the like: wait a moment instead of spinning.
                    tracing::warn!(error = %err, "could not accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let service = app
            .clone()
            .map_request(move |mut request: Request<Incoming>| {
                request.extensions_mut().insert(ConnectInfo(peer));
                request.map(Body::new)
            });
        let connection = http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header_timeout)
            .max_buf_size(limits.max_head_bytes.max(8192))
            .max_header_size(limits.max_head_bytes)
            .serve_connection(
                TokioIo::new(SecuredReplies::new(stream, replies.clone())),
                TowerToHyperService::new(service),
            );
        let watched = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(err) = watched.await {
                tracing::debug!(error = %err, %peer, "connection ended with an error");
            }
            drop(permit);
        });
    }
    drop(listener);
    tracing::info!("shutting down: finishing requests in flight");
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(limits.shutdown_grace) => {
            tracing::warn!("requests still running after the shutdown grace period were cut");
        }
    }
}

/// The site's own answers for the statuses the HTTP library writes by itself.
struct BareReplies {
    bad_request: Vec<u8>,
    uri_too_long: Vec<u8>,
    head_too_large: Vec<u8>,
}

impl BareReplies {
    fn new(https: bool) -> Self {
        let reply = |status: StatusCode| {
            let body =
                views::errors::error_page(status, views::errors::default_message(status), None)
                    .into_string();
            let mut head = format!(
                "HTTP/1.1 {} {}\r\ncontent-type: text/html; charset=utf-8\r\ncontent-length: {}\r\nconnection: close\r\ncache-control: no-store\r\n",
                status.as_u16(),
                status.canonical_reason().unwrap_or(""),
                body.len()
            );
            for (name, value) in SECURITY_HEADERS {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
            head.push_str(&format!(
                "content-security-policy: {CONTENT_SECURITY_POLICY}\r\n"
            ));
            if https {
                head.push_str("strict-transport-security: max-age=63072000; includeSubDomains\r\n");
            }
            head.push_str("\r\n");
            let mut bytes = head.into_bytes();
            bytes.extend_from_slice(body.as_bytes());
            bytes
        };
        Self {
            bad_request: reply(StatusCode::BAD_REQUEST),
            uri_too_long: reply(StatusCode::URI_TOO_LONG),
            head_too_large: reply(StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE),
        }
    }

    /// The replacement for `written` when it is one of the library's own bare answers: a
    /// short head with no body and none of the headers every response of ours carries.
    fn replacing(&self, written: &[u8]) -> Option<&[u8]> {
        if written.len() > 512 || !written.ends_with(b"\r\n\r\n") {
            return None;
        }
        let ours = written
            .windows(b"content-security-policy".len())
            .any(|w| w.eq_ignore_ascii_case(b"content-security-policy"));
        if ours {
            return None;
        }
        match written.get(..13)? {
            b"HTTP/1.1 400 " => Some(&self.bad_request),
            b"HTTP/1.1 414 " => Some(&self.uri_too_long),
            b"HTTP/1.1 431 " => Some(&self.head_too_large),
            _ => None,
        }
    }
}

/// A connection whose bare library answers are replaced by the site's (see the module).
pub struct SecuredReplies {
    inner: TcpStream,
    replies: Arc<BareReplies>,
    /// A replacement being written: its bytes, how far, and how many bytes of the library's
    /// own write it stands for.
    replacing: Option<(Vec<u8>, usize, usize)>,
}

impl SecuredReplies {
    fn new(inner: TcpStream, replies: Arc<BareReplies>) -> Self {
        Self {
            inner,
            replies,
            replacing: None,
        }
    }
}

impl AsyncRead for SecuredReplies {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for SecuredReplies {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if self.replacing.is_none() {
            match self.replies.replacing(buf) {
                Some(reply) => self.replacing = Some((reply.to_vec(), 0, buf.len())),
                None => return Pin::new(&mut self.inner).poll_write(cx, buf),
            }
        }
        let this = &mut *self;
        while let Some((reply, written, claimed)) = this.replacing.as_mut() {
            if *written == reply.len() {
                let claimed = *claimed;
                this.replacing = None;
                return Poll::Ready(Ok(claimed));
            }
            match Pin::new(&mut this.inner).poll_write(cx, &reply[*written..]) {
                Poll::Ready(Ok(0)) => return Poll::Ready(Err(io::ErrorKind::WriteZero.into())),
                Poll::Ready(Ok(n)) => *written += n,
                Poll::Ready(Err(err)) => return Poll::Ready(Err(err)),
                Poll::Pending => return Poll::Pending,
            }
        }
        Poll::Ready(Ok(0))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
