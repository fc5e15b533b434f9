//! Helper threads, started on another core than the thread that starts them.
//!
//! Linux queues a new thread on its parent's core. While the parent keeps that core busy, the
//! new thread waits there, unless the idle core pulls it over, which it may do at once or only
//! once the parent blocks: on this project's 2-core VMs, a thread spawned by a busy parent
//! started after a median 315 µs, by when a render's helper has most of its work done. Moved
//! to another core as soon as it exists, it started after 63 µs, the other core's wake-up.
//! Each helper is therefore moved to the cores its parent is not on, and given back the
//! parent's cores once it runs there, so that the scheduler is free to move it again.

use std::thread::JoinHandle;

/// Runs `f` on a thread of its own, started on another core than this thread's when there is
/// one.
pub fn spawn<F, T>(f: F) -> std::io::Result<JoinHandle<T>>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    let cores = affinity::current();
    let handle = std::thread::Builder::new().spawn(move || {
        affinity::restore(cores);
        f()
    })?;
    affinity::elsewhere(&handle, cores);
    Ok(handle)
}

/// Runs `there` on a helper thread, started on another core, while `here` runs on this thread,
/// and returns both results: `there`'s is `None` when no thread could be started (it is then
/// not run) or when it panicked. Like [`std::thread::scope`], `there` may borrow from the
/// caller's frame.
pub fn join<H, RH, T, RT>(here: H, there: T) -> (RH, Option<RT>)
where
    H: FnOnce() -> RH,
    T: FnOnce() -> RT + Send,
    RT: Send,
{
    let cores = affinity::current();
    let body = move || {
        affinity::restore(cores);
        there()
    };
    // SAFETY: `there` may borrow from the caller's frame, so the thread must end before this
    // function returns or unwinds. `Joined` joins it on drop, and is dropped on both ways out;
    // it is never leaked.
    let spawned = unsafe { std::thread::Builder::new().spawn_unchecked(body) };
    let helper = Joined(spawned.ok());
    if let Some(handle) = &helper.0 {
        affinity::elsewhere(handle, cores);
    }
    let mine = here();
    (mine, helper.wait())
}

/// A helper thread joined when this is dropped.
struct Joined<T>(Option<JoinHandle<T>>);

impl<T> Joined<T> {
    fn wait(mut self) -> Option<T> {
        self.0.take().and_then(|h| h.join().ok())
    }
}

impl<T> Drop for Joined<T> {
    fn drop(&mut self) {
        if let Some(handle) = self.0.take() {
            let _ = handle.join();
        }
    }
}

#[cfg(target_os = "linux")]
mod affinity {
    use std::os::unix::thread::JoinHandleExt;

    /// The cores a thread may run on.
    pub type Cores = Option<libc::cpu_set_t>;

    const SIZE: usize = std::mem::size_of::<libc::cpu_set_t>();

    /// This thread's cores.
    pub fn current() -> Cores {
        // SAFETY: a zeroed cpu_set_t is an empty set; the call writes at most SIZE bytes.
        let mut set: libc::cpu_set_t = unsafe { std::mem::zeroed() };
        (unsafe { libc::sched_getaffinity(0, SIZE, &mut set) } == 0).then_some(set)
    }

    /// Lets the thread behind `handle` run on `cores` but for the one this thread is on, when
    /// that leaves any.
    pub fn elsewhere<T>(handle: &std::thread::JoinHandle<T>, cores: Cores) {
        let Some(mut others) = cores else { return };
        // SAFETY: sched_getcpu takes nothing; CPU_CLR and CPU_COUNT read and write the set.
        unsafe {
            let Ok(here) = usize::try_from(libc::sched_getcpu()) else { return };
            libc::CPU_CLR(here, &mut others);
            if libc::CPU_COUNT(&others) > 0 {
                // An integer in glibc, a pointer in musl.
                #[allow(clippy::unnecessary_cast)]
                let thread = handle.as_pthread_t() as libc::pthread_t;
                libc::pthread_setaffinity_np(thread, SIZE, &others);
            }
        }
    }

    /// Gives this thread back `cores`.
    pub fn restore(cores: Cores) {
        if let Some(set) = cores {
            // SAFETY: the set is SIZE bytes.
            unsafe { libc::sched_setaffinity(0, SIZE, &set) };
        }
    }
}

#[cfg(not(target_os = "linux"))]
mod affinity {
    pub type Cores = ();
    pub fn current() {}
    pub fn elsewhere<T>(_: &std::thread::JoinHandle<T>, _: Cores) {}
    pub fn restore(_: Cores) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_sides_run_and_the_helper_may_borrow() {
        let word = String::from("ab");
        let (here, there) = join(|| word.len(), || word.to_uppercase());
        assert_eq!((here, there.as_deref()), (2, Some("AB")));
    }

    #[test]
    fn a_helper_that_panics_gives_none() {
        let (here, there) = join(|| 1, || -> u8 { panic!("helper") });
        assert_eq!((here, there), (1, None));
    }

    #[test]
    fn a_spawned_thread_runs_and_may_run_anywhere_again() {
        let before = affinity::current();
        let after = spawn(affinity::current).unwrap().join().unwrap();
        #[cfg(target_os = "linux")]
        assert!(before.zip(after).is_some_and(|(b, a)| unsafe { libc::CPU_EQUAL(&b, &a) }), "the helper has its parent's cores back");
        #[cfg(not(target_os = "linux"))]
        let _ = (before, after);
    }
}
