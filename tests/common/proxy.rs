//! A TCP proxy of the test's own between the app and PostgreSQL, so a test can cut the
//! database off (and restore it) without touching the shared server.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// Forwards connections on a local port to `target` until cut.
pub struct Proxy {
    pub port: u16,
    target: SocketAddr,
    inner: Arc<Mutex<Running>>,
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
        };
        proxy.run(listener);
        proxy
    }

    fn run(&self, listener: TcpListener) {
        let inner = self.inner.clone();
        let target = self.target;
        let acceptor = tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                let link = tokio::spawn(async move {
                    if let Ok(mut server) = TcpStream::connect(target).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
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
}
