//! A TCP proxy of the test's own between the app and PostgreSQL, so a test can cut the
//! database off (and restore it), or hold back its answers, without touching the shared
//! server.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// Forwards connections on a local port to `target` until cut.
pub struct Proxy {
    pub port: u16,
    target: SocketAddr,
    inner: Arc<Mutex<Running>>,
    /// While true, what the database sends is held back (what it is sent still goes through).
    stalled: watch::Sender<bool>,
}

#[derive(Default)]
struct Running {
    acceptor: Option<JoinHandle<()>>,
    links: Vec<JoinHandle<()>>,
}

impl Proxy {
    /// Starts forwarding a free local port to `target`.
    pub async fn start(target: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("proxy binds");
        let port = listener.local_addr().expect("address").port();
        let proxy = Self {
            port,
            target,
            inner: Arc::new(Mutex::new(Running::default())),
            stalled: watch::Sender::new(false),
        };
        proxy.run(listener);
        proxy
    }

    fn run(&self, listener: TcpListener) {
        let inner = self.inner.clone();
        let target = self.target;
        let stalled = self.stalled.clone();
        let acceptor = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let stalled = stalled.subscribe();
                let link = tokio::spawn(async move {
                    if let Ok(server) = TcpStream::connect(target).await {
                        let (from_client, to_client) = client.into_split();
                        let (from_server, to_server) = server.into_split();
                        tokio::select! {
                            _ = forward(from_client, to_server, None) => {}
                            _ = forward(from_server, to_client, Some(stalled)) => {}
                        }
                    }
                });
                inner.lock().expect("lock").links.push(link);
            }
        });
        self.inner.lock().expect("lock").acceptor = Some(acceptor);
    }

    /// Cuts every open link and refuses new connections: the database is gone.
    pub fn cut(&self) {
        let mut running = self.inner.lock().expect("lock");
        if let Some(acceptor) = running.acceptor.take() {
            acceptor.abort();
        }
        for link in running.links.drain(..) {
            link.abort();
        }
    }

    /// Accepts connections again on the same port: the database is back.
    pub async fn restore(&self) {
        let listener = TcpListener::bind(("127.0.0.1", self.port))
            .await
            .expect("the proxy port can be bound again");
        self.run(listener);
    }

    /// Holds back every answer of the database from now on: it is slow to reply.
    pub fn stall(&self) {
        self.stalled.send_replace(true);
    }

    /// Lets the held-back answers through, and those that follow.
    pub fn resume(&self) {
        self.stalled.send_replace(false);
    }
}

/// Copies `from` to `to` until either side closes; with `stalled`, each read waits to be
/// written while it is true.
async fn forward(
    mut from: impl AsyncRead + Unpin,
    mut to: impl AsyncWrite + Unpin,
    mut stalled: Option<watch::Receiver<bool>>,
) {
    let mut buffer = vec![0; 16 * 1024];
    loop {
        let n = match from.read(&mut buffer).await {
            Ok(0) | Err(_) => return,
            Ok(n) => n,
        };
        if let Some(stalled) = stalled.as_mut()
            && stalled.wait_for(|held| !held).await.is_err()
        {
            return;
        }
        if to.write_all(&buffer[..n]).await.is_err() {
            return;
        }
    }
}
