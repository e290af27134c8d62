//! CPU-heavy work (password hashing, image processing) on the blocking thread pool, a few
//! jobs at a time, so a burst can neither stall the async workers serving pages nor hold
//! memory for more jobs than there are permits.

use tokio::sync::Semaphore;

/// A bounded lane onto the blocking pool.
#[derive(Debug)]
pub struct BoundedWork {
    permits: Semaphore,
}

/// The job could not run to its end (it panicked, or the runtime is shutting down).
#[derive(Debug, thiserror::Error)]
#[error("background work did not finish")]
pub struct WorkLost;

impl BoundedWork {
    /// At most `concurrency` jobs at once (at least one).
    pub fn new(concurrency: usize) -> Self {
        Self {
            permits: Semaphore::new(concurrency.max(1)),
        }
    }

    /// Runs `job` on the blocking pool once a permit is free.
    pub async fn run<T, F>(&self, job: F) -> Result<T, WorkLost>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let _permit = self.permits.acquire().await.map_err(|_| WorkLost)?;
        tokio::task::spawn_blocking(job).await.map_err(|_| WorkLost)
    }
}
