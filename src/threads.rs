//! Helper threads, which wait for work polling rather than sleeping, and start on another core
//! than the thread that starts them.
//!
//! On this project's 2-core VMs, handing work to another thread was slow both ways a thread
//! can be had:
//! - a new thread is queued on its parent's core, where it either waits until the parent
//!   blocks (a median 315 µs after its spawn when its parent stayed busy) or runs at once and
//!   keeps its parent waiting. A new helper is therefore created on the cores its parent is not
//!   on ([`placement`]), and given back its parent's cores once it runs there, so that the
//!   scheduler is free to move it again;
//! - a sleeping core is slow to wake: a helper started on the idle core began after 63 µs in
//!   some runs and after more than a millisecond in others (a median 1.1 ms for the column's
//!   second half in one series of 30 renders of seed 000), and so did a helper woken for its
//!   next job. A helper done with its job therefore waits for the next one polling, yielding
//!   its core now and then, for [`LINGER`]; a thread waiting for a helper's result polls for it
//!   too ([`receive`]). Work handed to a polling helper starts within microseconds.
//!
//! A render's helpers (the hyphenation patterns, the column's second half, the compressor, the
//! `--pages` hint) run on one or two such threads, one after the other. A helper waiting for
//! its next job does the work given to [`when_idle`] meanwhile.

use std::collections::VecDeque;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, RecvError, SyncSender, TryRecvError, sync_channel};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Runs `f` on a helper thread: a waiting one, else a new one started on another core than
/// this thread's when there is one. `None` when no thread could be started (`f` is then not
/// run).
pub fn spawn<F, T>(f: F) -> Option<Task<T>>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    let (done, result) = sync_channel(1);
    hand_over(job(f, done)).ok()?;
    Some(Task(result))
}

/// Runs `there` on a helper thread (as [`spawn`] does) while `here` runs on this thread, and
/// returns both results: `there`'s is `None` when no thread could be had (it is then not run)
/// or when it panicked. Like [`std::thread::scope`], `there` may borrow from the caller's frame.
pub fn join<H, RH, T, RT>(here: H, there: T) -> (RH, Option<RT>)
where
    H: FnOnce() -> RH,
    T: FnOnce() -> RT + Send,
    RT: Send,
{
    let (done, result) = sync_channel(1);
    // SAFETY: `there` may borrow from the caller's frame, so the job must be over before this
    // function returns or unwinds. The task waits for it on drop, on both ways out, and is never
    // leaked; the job's reply (or, when the job panics or is dropped unrun, its end) drops
    // `done`, which ends that wait.
    let job = unsafe { std::mem::transmute::<Scoped<'_>, Job>(job(there, done)) };
    let task = Joined(Some(Task(result)));
    let _ = hand_over(job);
    let mine = here();
    (mine, task.wait())
}

/// Runs `there` on a helper thread while `here` runs on this thread, as [`join`] does; on this
/// thread after `here` when no helper could take it, or it panicked there.
pub fn both<H, RH, T, RT>(here: H, there: T) -> (RH, RT)
where
    H: FnOnce() -> RH,
    T: Fn() -> RT + Sync,
    RT: Send,
{
    let (mine, theirs) = join(here, &there);
    (mine, theirs.unwrap_or_else(there))
}

/// A job handed to a helper thread; [`Task::join`] waits for its result.
pub struct Task<T>(Receiver<T>);

impl<T> Task<T> {
    /// The job's result, once it is done: `None` when it panicked.
    pub fn join(self) -> Option<T> {
        receive(&self.0).ok()
    }
}

/// A task waited for when this is dropped.
struct Joined<T>(Option<Task<T>>);

impl<T> Joined<T> {
    fn wait(mut self) -> Option<T> {
        self.0.take().and_then(Task::join)
    }
}

impl<T> Drop for Joined<T> {
    fn drop(&mut self) {
        if let Some(task) = self.0.take() {
            task.join();
        }
    }
}

/// The next message on `channel`, polled for a while before sleeping on it: a thread that
/// sleeps lets its core sleep too, and on these VMs a sleeping core took up to a millisecond to
/// wake (see [`LINGER`]).
pub fn receive<T>(channel: &Receiver<T>) -> Result<T, RecvError> {
    let polled = poll(
        || match channel.try_recv() {
            Ok(message) => Some(Ok(message)),
            Err(TryRecvError::Disconnected) => Some(Err(RecvError)),
            Err(TryRecvError::Empty) => None,
        },
        || true,
    );
    polled.unwrap_or_else(|| channel.recv())
}

/// What `ready` gives, polled for: [`SPINS`] checks between two yields of the core. After
/// [`LINGER`], `give_up` is asked at each yield whether to stop; `None` once it says so.
fn poll<T>(ready: impl FnMut() -> Option<T>, give_up: impl FnMut() -> bool) -> Option<T> {
    poll_or(ready, give_up, || false)
}

/// [`poll`], doing a piece of `idle` in place of each yield while it has any left.
fn poll_or<T>(mut ready: impl FnMut() -> Option<T>, mut give_up: impl FnMut() -> bool, mut idle: impl FnMut() -> bool) -> Option<T> {
    let since = Instant::now();
    loop {
        for _ in 0..SPINS {
            if let Some(found) = ready() {
                return Some(found);
            }
            std::hint::spin_loop();
        }
        if idle() {
            continue;
        }
        if since.elapsed() > LINGER && give_up() {
            return None;
        }
        std::thread::yield_now();
    }
}

/// Work for helpers waiting for a job: a function that does a short piece of it and says
/// whether there was any to do.
static IDLE: std::sync::OnceLock<fn() -> bool> = std::sync::OnceLock::new();

/// Gives helpers `piece` to call while they wait for a job, in place of yielding their core,
/// for as long as it says it did something (it is asked again at each later yield). A job
/// handed over waits for the piece under way: keep it short. The first `piece` given stays.
pub fn when_idle(piece: fn() -> bool) {
    let _ = IDLE.set(piece);
}

/// A piece of the idle work; whether there was any to do.
fn idle() -> bool {
    IDLE.get().is_some_and(|piece| piece())
}

/// Starts a helper now, unless one is waiting: the first job handed over then finds it
/// polling rather than waiting for a new thread to start, and it does the idle work meanwhile.
/// Seed 000, started before the arguments are parsed: 0.97 of the wall time.
pub fn start_helper() {
    let _ = spawn(|| ());
}

/// What a helper thread runs: the work, which gives the reply that sends its result.
type Job = Scoped<'static>;

/// A job that may borrow for `'a`.
type Scoped<'a> = Box<dyn FnOnce() -> Reply<'a> + Send + 'a>;

/// What sends a job's result.
type Reply<'a> = Box<dyn FnOnce() + Send + 'a>;

/// `f` as a job whose result goes to `done`.
fn job<'a, T: Send + 'a>(f: impl FnOnce() -> T + Send + 'a, done: SyncSender<T>) -> Scoped<'a> {
    Box::new(move || {
        let result = f();
        Box::new(move || {
            let _ = done.send(result);
        })
    })
}

/// How many threads are [`Busy`].
static BUSY: AtomicUsize = AtomicUsize::new(0);

/// How many cores the [`Busy`] threads share.
static CORES: AtomicUsize = AtomicUsize::new(usize::MAX);

/// A thread taking its share of a queue of jobs run a thread a core (`render --all`). While
/// there are as many of them as cores, work that would be handed to a helper is done in place:
/// a helper would only take turns with them on the cores. Once one of them is done with its
/// share, helpers are used again. `render --all` on the sample: 0.97 of the wall time.
pub struct Busy(());

impl Busy {
    /// This thread is busy until the guard is dropped; `cores` are shared by such threads.
    pub fn start(cores: usize) -> Busy {
        CORES.store(cores, Ordering::Relaxed);
        BUSY.fetch_add(1, Ordering::AcqRel);
        Busy(())
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        BUSY.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Jobs handed over to waiting helpers, not taken yet.
static JOBS: Mutex<VecDeque<Job>> = Mutex::new(VecDeque::new());

/// How many jobs [`JOBS`] holds, read without its lock.
static QUEUED: AtomicUsize = AtomicUsize::new(0);

/// Helpers waiting for a job that no job is promised to yet. A helper waits, polling, as long
/// as it is counted here or a job is queued, so every queued job has a helper to take it.
static WAITING: AtomicUsize = AtomicUsize::new(0);

/// How long a helper with nothing to do keeps polling for a job, and a thread waiting for a
/// result polls for it, before they sleep. While a thread polls, its core stays awake: on this
/// project's 2-core VMs, a sleeping core took a median 1.1 ms to wake for a new thread in some
/// runs, and a helper handed work while polling starts it at once. A render's helpers are idle
/// between jobs for a millisecond or two.
const LINGER: Duration = Duration::from_millis(10);

/// Polls between two yields of the core.
const SPINS: u32 = 64;

/// Gives `job` to a waiting helper, or else to a new thread, started on another core; not
/// while every core has a [`Busy`] thread.
fn hand_over(job: Job) -> std::io::Result<()> {
    if BUSY.load(Ordering::Acquire) >= CORES.load(Ordering::Relaxed) {
        return Err(std::io::ErrorKind::WouldBlock.into());
    }
    if WAITING.fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| n.checked_sub(1)).is_ok() {
        JOBS.lock().unwrap_or_else(PoisonError::into_inner).push_back(job);
        QUEUED.fetch_add(1, Ordering::Release);
        return Ok(());
    }
    placement::start(job)
}

/// A helper's life: its job, then each job it is handed while it waits.
fn work(first: Job) {
    let mut job = first;
    loop {
        // A job that panics has said so on stderr; its task sees its channel closed.
        let reply = std::panic::catch_unwind(AssertUnwindSafe(job));
        // Counted as waiting before its result goes: a thread that hands over more work as soon
        // as it has the result finds this helper rather than starting a thread.
        WAITING.fetch_add(1, Ordering::AcqRel);
        if let Ok(reply) = reply {
            let _ = std::panic::catch_unwind(AssertUnwindSafe(reply));
        }
        match next_job() {
            Some(next) => job = next,
            None => return,
        }
    }
}

/// The next job handed over, polled for; `None` once the helper has waited [`LINGER`] with
/// none promised to it, and it has taken itself off [`WAITING`].
fn next_job() -> Option<Job> {
    let take = || {
        let job = (QUEUED.load(Ordering::Acquire) > 0).then(|| JOBS.lock().unwrap_or_else(PoisonError::into_inner).pop_front());
        let job = job.flatten()?;
        QUEUED.fetch_sub(1, Ordering::AcqRel);
        Some(job)
    };
    poll_or(take, || WAITING.fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| n.checked_sub(1)).is_ok(), idle)
}

/// Where a new helper starts: on another core than its parent's, when there is one.
///
/// glibc's `pthread_create` is given the cores up front (`pthread_attr_setaffinity_np`), so the
/// new thread is placed before it first runs. A thread started on its parent's core, then
/// moved, ran first on that core: on these VMs' kernel a new thread preempted its parent, which
/// got back from `pthread_create` only once the helper had done its whole first job (the
/// hyphenation patterns: 0.2 ms of seed 000's critical path). Started placed, it returned in
/// 53 µs.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
mod placement {
    use super::{Job, work};

    const SIZE: usize = std::mem::size_of::<libc::cpu_set_t>();

    /// A helper's stack: what Rust's own threads get.
    const STACK: usize = 2 << 20;

    /// What a new helper is started with: its first job, and the cores it may run on once
    /// started.
    struct Start {
        first: Job,
        cores: Option<libc::cpu_set_t>,
    }

    /// Starts a helper thread with `first` as its job, on the cores this thread is not on.
    pub fn start(first: Job) -> std::io::Result<()> {
        let cores = cores();
        let elsewhere = cores.and_then(but_this_one);
        let start = Box::into_raw(Box::new(Start { first, cores }));
        // SAFETY: the attributes are initialised before use and destroyed after; `start` is
        // handed to the new thread, which owns it from then on, or taken back if there is none.
        let error = unsafe {
            let mut attr: libc::pthread_attr_t = std::mem::zeroed();
            let mut error = libc::pthread_attr_init(&mut attr);
            if error == 0 {
                libc::pthread_attr_setstacksize(&mut attr, STACK);
                libc::pthread_attr_setdetachstate(&mut attr, libc::PTHREAD_CREATE_DETACHED);
                if let Some(set) = &elsewhere {
                    libc::pthread_attr_setaffinity_np(&mut attr, SIZE, set);
                }
                let mut thread: libc::pthread_t = 0;
                error = libc::pthread_create(&mut thread, &attr, run, start.cast());
                libc::pthread_attr_destroy(&mut attr);
            }
            if error != 0 {
                drop(Box::from_raw(start));
            }
            error
        };
        if error == 0 { Ok(()) } else { Err(std::io::Error::from_raw_os_error(error)) }
    }

    /// A helper thread's body: its cores back, then its jobs.
    extern "C" fn run(start: *mut libc::c_void) -> *mut libc::c_void {
        // SAFETY: `start` is the box `start` leaked for this thread alone.
        let Start { first, cores } = *unsafe { Box::from_raw(start.cast::<Start>()) };
        if let Some(set) = cores {
            // SAFETY: the set is SIZE bytes. The helper may go anywhere again from now on.
            unsafe { libc::sched_setaffinity(0, SIZE, &set) };
        }
        work(first);
        std::ptr::null_mut()
    }

    /// This thread's cores.
    pub fn cores() -> Option<libc::cpu_set_t> {
        // SAFETY: a zeroed cpu_set_t is an empty set; the call writes at most SIZE bytes.
        let mut set: libc::cpu_set_t = unsafe { std::mem::zeroed() };
        (unsafe { libc::sched_getaffinity(0, SIZE, &mut set) } == 0).then_some(set)
    }

    /// `cores` but the one this thread is on, when that leaves any.
    fn but_this_one(mut cores: libc::cpu_set_t) -> Option<libc::cpu_set_t> {
        // SAFETY: sched_getcpu takes nothing; CPU_CLR and CPU_COUNT read and write the set.
        unsafe {
            let here = usize::try_from(libc::sched_getcpu()).ok()?;
            libc::CPU_CLR(here, &mut cores);
            (libc::CPU_COUNT(&cores) > 0).then_some(cores)
        }
    }
}

/// Elsewhere, a helper starts wherever the system puts it.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
mod placement {
    use super::{Job, work};

    /// Starts a helper thread with `first` as its job.
    pub fn start(first: Job) -> std::io::Result<()> {
        std::thread::Builder::new().spawn(move || work(first)).map(drop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Held by the tests that need a helper to take their jobs, so that no [`Busy`] thread of
    /// another test keeps them in place.
    fn helpers_free() -> std::sync::MutexGuard<'static, ()> {
        static FREE: Mutex<()> = Mutex::new(());
        FREE.lock().unwrap_or_else(PoisonError::into_inner)
    }

    #[test]
    fn while_every_core_is_busy_work_stays_in_place_and_then_goes_to_helpers_again() {
        let _free = helpers_free();
        let here = std::thread::current().id();
        let busy = Busy::start(1);
        assert_eq!(both(|| (), || std::thread::current().id()).1, here);
        assert!(spawn(|| ()).is_none(), "no helper is handed work");
        drop(busy);
        assert_ne!(both(|| (), || std::thread::current().id()).1, here);
    }

    #[test]
    fn both_sides_run_and_the_helper_may_borrow() {
        let _free = helpers_free();
        let word = String::from("ab");
        let (here, there) = join(|| word.len(), || word.to_uppercase());
        assert_eq!((here, there.as_deref()), (2, Some("AB")));
    }

    #[test]
    fn a_helper_waiting_for_a_job_does_the_idle_work() {
        let _free = helpers_free();
        static PIECES: AtomicUsize = AtomicUsize::new(0);
        // Three pieces of work, then none (asked again at each later yield).
        when_idle(|| PIECES.fetch_add(1, Ordering::Relaxed) < 3);
        start_helper();
        let since = Instant::now();
        while PIECES.load(Ordering::Relaxed) < 5 && since.elapsed() < Duration::from_secs(10) {
            std::thread::yield_now();
        }
        assert!(PIECES.load(Ordering::Relaxed) >= 5);
        // The helper still takes the jobs handed over.
        assert_eq!(join(|| 1, || 2), (1, Some(2)));
    }

    #[test]
    fn a_helper_that_panics_gives_none() {
        let (here, there) = join(|| 1, || -> u8 { panic!("helper") });
        assert_eq!((here, there), (1, None));
    }

    #[test]
    fn every_job_handed_over_runs_once_whichever_helper_takes_it() {
        let _free = helpers_free();
        // Jobs from several threads at once, some handed to helpers still polling after an
        // earlier job, some to new threads.
        let sums: Vec<u64> = std::thread::scope(|scope| {
            let callers: Vec<_> = (0..4u64)
                .map(|c| scope.spawn(move || (0..200u64).map(|i| join(|| i, move || c * 1000 + i).1.unwrap_or(u64::MAX)).sum::<u64>()))
                .collect();
            callers.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let expected: Vec<u64> = (0..4u64).map(|c| (0..200u64).map(|i| c * 1000 + i).sum()).collect();
        assert_eq!(sums, expected);
    }

    #[test]
    fn a_result_is_received_however_late_and_a_closed_channel_ends_the_wait() {
        let (tx, rx) = sync_channel(1);
        let late = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(2));
            tx.send(7).unwrap();
        });
        assert_eq!(receive(&rx), Ok(7));
        late.join().unwrap();
        assert_eq!(receive(&rx), Err(RecvError), "the sender is gone");
    }

    #[test]
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    fn a_spawned_thread_runs_and_may_run_anywhere_again() {
        let _free = helpers_free();
        let before = placement::cores();
        let after = spawn(placement::cores).unwrap().join().unwrap();
        assert!(before.zip(after).is_some_and(|(b, a)| unsafe { libc::CPU_EQUAL(&b, &a) }), "the helper has its parent's cores back");
    }
}
