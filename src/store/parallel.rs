//! Independent jobs on the machine's two cores.

/// `work(i)` for every `i < n`, on two threads taking the next `i` in
/// turn; `done` sees each result on this thread as it comes. The results
/// in order.
pub(crate) fn on_two_threads<T: Send>(
    n: usize,
    work: impl Fn(usize) -> T + Sync,
    mut done: impl FnMut(&T),
) -> Vec<T> {
    use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
    let next = AtomicUsize::new(0);
    let mut results: Vec<Option<T>> = (0..n).map(|_| None).collect();
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::channel();
        for _ in 0..2 {
            let (tx, next, work) = (tx.clone(), &next, &work);
            scope.spawn(move || loop {
                let i = next.fetch_add(1, Relaxed);
                if i >= n || tx.send((i, work(i))).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        for (i, result) in rx {
            done(&result);
            results[i] = Some(result);
        }
    });
    results
        .into_iter()
        .map(|r| r.expect("every index done"))
        .collect()
}
