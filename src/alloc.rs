//! The memory allocator of the musl build (`scripts/dist.sh` on Linux x86-64): dlmalloc, one
//! heap per thread.
//!
//! A static binary starts 0.3 ms sooner on musl than on glibc: glibc's start asks the processor
//! for its caches with dozens of CPUID instructions, each a trap to the hypervisor on a
//! virtual machine (an empty program: 0.32 against 0.66 ms on this project's VMs). musl's own
//! allocator is slow, mimalloc touches twice the pages glibc does (page faults cost about a
//! microsecond each on these VMs), and one dlmalloc heap behind a lock keeps the main thread
//! and its helpers waiting for each other. So each thread gets a dlmalloc heap of its own, and
//! each heap maps its memory in an address range of its own: a block freed by another thread
//! (a helper's paragraphs, freed by the main thread) is known by its address, and left in its
//! heap's list of blocks to free, which the heap empties the next time its thread uses it.
//!
//! A page a heap touches first costs its thread a page fault: a fifth of seed 000's main
//! thread went to them. [`fault_in_ahead`] has the helper threads, while they wait for work,
//! fault in the pages just above what a thread's heap handed out, so that the thread finds
//! them ready.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::{Cell, UnsafeCell};
use std::ptr;
use std::sync::atomic::{AtomicBool, AtomicPtr, AtomicUsize, Ordering};

use dlmalloc::{Allocator, Dlmalloc};

/// The global allocator of the musl build: dlmalloc, one heap per thread.
pub struct Heaps;

/// How many heaps: a thread takes the next one, round the ring (past this many threads, or
/// once helpers ended and new ones started, threads share a heap, and its lock).
const HEAPS: usize = 8;

/// Where heap `i` maps its memory: from `BASE + (i << SPAN_BITS)`, far above the program,
/// below the stacks and libraries Linux maps from the top of the address space down.
const BASE: usize = 0x2000_0000_0000;
const SPAN_BITS: u32 = 40;
const PAGE: usize = 4096;
/// How much a heap maps at a time: seed 000's render maps its main heap once, not 25 times
/// (dlmalloc's 64 KiB). The pages are touched, and faulted in, only as they are used (or
/// [`AHEAD`] of that).
const GRANULARITY: usize = 2 << 20;

static ALL: [Heap; HEAPS] =
    [Heap::new(0), Heap::new(1), Heap::new(2), Heap::new(3), Heap::new(4), Heap::new(5), Heap::new(6), Heap::new(7)];

/// The heap the next thread takes.
static NEXT: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// This thread's heap, once it allocated.
    static MINE: Cell<usize> = const { Cell::new(usize::MAX) };
}

/// One heap: its lock, its dlmalloc, the blocks other threads freed, for it to free, and how
/// far it reaches, for [`fault_in_ahead`].
struct Heap {
    locked: AtomicBool,
    remote: AtomicPtr<Freed>,
    dl: UnsafeCell<Dlmalloc<Span>>,
    /// The end of the highest block handed out.
    high: AtomicUsize,
    /// The end of the memory mapped.
    mapped: AtomicUsize,
    /// The end of the pages faulted in ahead of `high`.
    faulted: AtomicUsize,
}

// SAFETY: `dl` is only reached with `locked` held; `remote` is atomic.
unsafe impl Sync for Heap {}

/// A block another thread freed, in its heap's `remote` list. Every dlmalloc block has room for
/// these two words (its smallest holds 24 bytes).
#[repr(C)]
struct Freed {
    next: *mut Freed,
    size: usize,
}

impl Heap {
    const fn new(i: usize) -> Heap {
        let span = Span { next: Cell::new(BASE + (i << SPAN_BITS)) };
        let mut dl = Dlmalloc::new_with_allocator(span);
        dl.set_granularity(GRANULARITY);
        Heap {
            locked: AtomicBool::new(false),
            remote: AtomicPtr::new(ptr::null_mut()),
            dl: UnsafeCell::new(dl),
            high: AtomicUsize::new(0),
            mapped: AtomicUsize::new(0),
            faulted: AtomicUsize::new(0),
        }
    }

    #[allow(clippy::indexing_slicing)] // i < HEAPS
    fn at(i: usize) -> &'static Heap {
        &ALL[i % HEAPS]
    }

    /// The calling thread's heap.
    fn mine() -> &'static Heap {
        let i = MINE.try_with(|mine| {
            if mine.get() == usize::MAX {
                mine.set(NEXT.fetch_add(1, Ordering::Relaxed));
            }
            mine.get()
        });
        Heap::at(i.unwrap_or(0))
    }

    /// The heap `block` came from.
    fn of(block: *mut u8) -> &'static Heap {
        Heap::at(((block as usize).wrapping_sub(BASE) >> SPAN_BITS).min(HEAPS - 1))
    }

    /// Runs `f` on this heap's dlmalloc, locked, once the blocks other threads freed are freed.
    fn with<T>(&self, f: impl FnOnce(&mut Dlmalloc<Span>) -> T) -> T {
        let mut spins = 0u32;
        while self.locked.compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed).is_err() {
            spins += 1;
            if spins.is_multiple_of(64) {
                std::thread::yield_now();
            }
            std::hint::spin_loop();
        }
        // SAFETY: the lock is held.
        let dl = unsafe { &mut *self.dl.get() };
        let mut block = match self.remote.load(Ordering::Relaxed).is_null() {
            true => ptr::null_mut(),
            false => self.remote.swap(ptr::null_mut(), Ordering::Acquire),
        };
        while !block.is_null() {
            // SAFETY: each block in the list came from this heap and was freed once.
            unsafe {
                let Freed { next, size } = block.read();
                dl.free(block.cast(), size, 1);
                block = next;
            }
        }
        let out = f(dl);
        self.locked.store(false, Ordering::Release);
        out
    }

    /// Runs `alloc` on this heap's dlmalloc, as [`Heap::with`] does, and notes how far the heap
    /// now reaches: `size` bytes past the block it gives.
    fn allocate(&self, size: usize, alloc: impl FnOnce(&mut Dlmalloc<Span>) -> *mut u8) -> *mut u8 {
        self.with(|dl| {
            let block = alloc(dl);
            let end = block as usize + size;
            if !block.is_null() && end > self.high.load(Ordering::Relaxed) {
                self.high.store(end, Ordering::Relaxed);
                self.mapped.store(dl.allocator().next.get(), Ordering::Relaxed);
            }
            block
        })
    }

    /// Frees `block`, of `size` bytes, which came from this heap: at once on its own thread,
    /// else left for it.
    fn free(&'static self, block: *mut u8, size: usize) {
        if ptr::eq(self, Heap::mine()) {
            // SAFETY: `block` came from this heap.
            self.with(|dl| unsafe { dl.free(block, size, 1) });
        } else {
            self.leave(block, size);
        }
    }

    /// Leaves `block` (freed, of `size` bytes) in this heap's list, without waiting for its
    /// lock: the heap frees it the next time it is used.
    fn leave(&self, block: *mut u8, size: usize) {
        let node = block.cast::<Freed>();
        let mut head = self.remote.load(Ordering::Relaxed);
        loop {
            // SAFETY: the block is freed: the list may write in it.
            unsafe { node.write(Freed { next: head, size }) };
            match self.remote.compare_exchange_weak(head, node, Ordering::Release, Ordering::Relaxed) {
                Ok(_) => return,
                Err(now) => head = now,
            }
        }
    }
}

// SAFETY: each block comes from one heap's dlmalloc and goes back to it, under its lock.
unsafe impl GlobalAlloc for Heaps {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as GlobalAlloc::alloc.
        Heap::mine().allocate(layout.size(), |dl| unsafe { dl.malloc(layout.size(), layout.align()) })
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as GlobalAlloc::alloc_zeroed.
        Heap::mine().allocate(layout.size(), |dl| unsafe { dl.calloc(layout.size(), layout.align()) })
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        Heap::of(block).free(block, layout.size());
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let heap = Heap::of(block);
        if ptr::eq(heap, Heap::mine()) {
            // SAFETY: `block` came from this heap.
            return heap.allocate(new_size, |dl| unsafe { dl.realloc(block, layout.size(), layout.align(), new_size) });
        }
        // Another thread's block: a new one from this thread's heap, the old one left to its own.
        // SAFETY: as GlobalAlloc::realloc, whose caller vouches for the new layout.
        let new = unsafe { self.alloc(Layout::from_size_align_unchecked(new_size, layout.align())) };
        if !new.is_null() {
            // SAFETY: both blocks hold the smaller size.
            unsafe { ptr::copy_nonoverlapping(block, new, layout.size().min(new_size)) };
            heap.free(block, layout.size());
        }
        new
    }
}

/// How far above the highest block a heap handed out [`fault_in_ahead`] faults pages in:
/// the most memory it can fault in that is never used. Seed 000 (its main thread hands out
/// 1.3 MiB) ran as fast with 384 KiB to 1 MiB, and slower with 1.5 MiB.
const AHEAD: usize = 512 << 10;

/// How much a helper faults in at a time: it may not take a job handed over for as long
/// (16 pages: about 20 µs).
const PIECE: usize = 64 << 10;

/// The heap [`fault_in_ahead`] faults in.
static AHEAD_OF: AtomicPtr<Heap> = AtomicPtr::new(ptr::null_mut());

/// Whether the kernel faults pages in on request (`MADV_POPULATE_WRITE`, Linux 5.14).
static CAN_FAULT_IN: AtomicBool = AtomicBool::new(true);

/// Has the helper threads fault in the pages the calling thread's heap is about to hand out,
/// and their own, while they wait for work (see [`cvpdf::threads::when_idle`]): the threads
/// then find them ready rather than taking a page fault on each. Seed 000: 0.89 of the wall
/// time, with the helper started at once.
pub fn fault_in_ahead() {
    AHEAD_OF.store(ptr::from_ref(Heap::mine()).cast_mut(), Ordering::Release);
    cvpdf::threads::when_idle(fault_in_piece);
}

/// Faults in a piece of the heap [`fault_in_ahead`] named, else of the calling thread's own;
/// whether there was any to fault in.
fn fault_in_piece() -> bool {
    // SAFETY: a heap in `ALL`, which is static, or null.
    let named = unsafe { AHEAD_OF.load(Ordering::Acquire).as_ref() };
    CAN_FAULT_IN.load(Ordering::Relaxed) && (named.is_some_and(Heap::fault_in_piece) || Heap::mine().fault_in_piece())
}

impl Heap {
    /// Faults in the next [`PIECE`] of the pages above the highest block this heap handed out,
    /// up to [`AHEAD`] above it; whether there was any to fault in.
    fn fault_in_piece(&self) -> bool {
        let high = self.high.load(Ordering::Relaxed);
        let end = (high + AHEAD).min(self.mapped.load(Ordering::Relaxed));
        let done = self.faulted.load(Ordering::Relaxed);
        let from = done.max(high.next_multiple_of(PAGE));
        if from >= end {
            return false;
        }
        let to = (from + PIECE).min(end);
        if self.faulted.compare_exchange(done, to, Ordering::Relaxed, Ordering::Relaxed).is_err() {
            // Another helper took this piece.
            return true;
        }
        // SAFETY: the range is the heap's own private anonymous memory, or no longer mapped
        // (the call then fails). Faulting its pages in for writing leaves their bytes as they are.
        if unsafe { libc::madvise(from as *mut libc::c_void, to - from, libc::MADV_POPULATE_WRITE) } != 0
            && std::io::Error::last_os_error().raw_os_error() == Some(libc::EINVAL)
        {
            CAN_FAULT_IN.store(false, Ordering::Relaxed);
        }
        true
    }
}

/// Where a heap's memory comes from: fresh mappings in its own range, each after the last.
struct Span {
    next: Cell<usize>,
}

// SAFETY: a Span is only used under its heap's lock.
unsafe impl Send for Span {}

// SAFETY: each region is a fresh private mapping, this span's alone until it unmaps it.
unsafe impl Allocator for Span {
    fn alloc(&self, size: usize) -> (*mut u8, usize, u32) {
        let size = size.next_multiple_of(PAGE);
        loop {
            let at = self.next.get();
            self.next.set(at + size);
            let flags = libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_FIXED_NOREPLACE;
            // SAFETY: NOREPLACE maps only where nothing is mapped.
            let got = unsafe { libc::mmap(at as *mut libc::c_void, size, libc::PROT_READ | libc::PROT_WRITE, flags, -1, 0) };
            if got as usize == at {
                return (got.cast(), size, 0);
            }
            if got != libc::MAP_FAILED {
                // A kernel older than 4.17 took the address as a hint, and mapped elsewhere.
                // SAFETY: the mapping just made, used by no one.
                unsafe { libc::munmap(got, size) };
                return (ptr::null_mut(), 0, 0);
            }
            // Something else is mapped there: the next address.
            if std::io::Error::last_os_error().raw_os_error() != Some(libc::EEXIST) {
                return (ptr::null_mut(), 0, 0);
            }
        }
    }

    fn remap(&self, _block: *mut u8, _old: usize, _new: usize, _can_move: bool) -> *mut u8 {
        ptr::null_mut()
    }

    fn free_part(&self, region: *mut u8, old: usize, new: usize) -> bool {
        // SAFETY: the region's tail is this span's own mapping.
        unsafe { libc::munmap(region.add(new).cast(), old - new) == 0 }
    }

    fn free(&self, region: *mut u8, size: usize) -> bool {
        // SAFETY: the region is this span's own mapping.
        unsafe { libc::munmap(region.cast(), size) == 0 }
    }

    fn can_release_part(&self, _flags: u32) -> bool {
        true
    }

    fn allocates_zeros(&self) -> bool {
        true
    }

    fn page_size(&self) -> usize {
        PAGE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(size: usize, align: usize) -> Layout {
        Layout::from_size_align(size, align).unwrap_or(Layout::new::<u8>())
    }

    /// Allocates `n` blocks of `size` bytes, each filled with its index.
    fn blocks(n: usize, size: usize) -> Vec<usize> {
        (0..n)
            .map(|i| {
                // SAFETY: a non-zero size.
                let p = unsafe { Heaps.alloc(layout(size, 8)) };
                assert!(!p.is_null());
                // SAFETY: the block holds `size` bytes.
                unsafe { p.write_bytes(i as u8, size) };
                p as usize
            })
            .collect()
    }

    #[test]
    fn a_block_freed_by_another_thread_waits_in_its_heap_until_the_heap_is_used() {
        // A heap of this test's own, in a range no thread's heap uses.
        static HEAP: Heap = Heap::new(HEAPS);
        // SAFETY: a non-zero size.
        let block = HEAP.with(|dl| unsafe { dl.malloc(40, 8) }) as usize;
        assert!(block >= BASE + (HEAPS << SPAN_BITS));
        // SAFETY: the block holds 40 bytes.
        unsafe { (block as *mut u8).write_bytes(7, 40) };
        let other = std::thread::spawn(move || HEAP.leave(block as *mut u8, 40));
        assert!(other.join().is_ok());
        assert!(!HEAP.remote.load(Ordering::Acquire).is_null());
        // The heap's next use frees it first: the next block of its size is the same one.
        // SAFETY: a non-zero size.
        let again = HEAP.with(|dl| unsafe { dl.malloc(40, 8) }) as usize;
        assert!(HEAP.remote.load(Ordering::Acquire).is_null());
        assert_eq!(again, block);
    }

    #[test]
    fn blocks_freed_on_another_thread_keep_their_bytes_until_then() {
        let mine = blocks(500, 40);
        let other = std::thread::spawn(move || {
            for (i, &p) in mine.iter().enumerate() {
                // SAFETY: a block of this size, intact, freed once.
                assert!(unsafe { std::slice::from_raw_parts(p as *const u8, 40) }.iter().all(|&b| b == i as u8));
                unsafe { Heaps.dealloc(p as *mut u8, layout(40, 8)) };
            }
        });
        assert!(other.join().is_ok());
        assert!(!blocks(10, 40).is_empty());
    }

    #[test]
    fn a_block_grown_on_another_thread_keeps_its_bytes() {
        let block = blocks(1, 100).first().copied().unwrap_or_default();
        let other = std::thread::spawn(move || {
            // SAFETY: the block is 100 bytes, aligned to 8.
            let p = unsafe { Heaps.realloc(block as *mut u8, layout(100, 8), 5000) };
            assert!(!p.is_null());
            // SAFETY: the first 100 bytes were copied.
            assert!(unsafe { std::slice::from_raw_parts(p, 100) }.iter().all(|&b| b == 0));
            p as usize
        });
        let grown = other.join();
        assert!(grown.is_ok());
        let grown = grown.unwrap_or_default();
        // SAFETY: the grown block, freed once, here on another thread than its own.
        unsafe { Heaps.dealloc(grown as *mut u8, layout(5000, 8)) };
    }

    /// Whether the page at `at` is in memory.
    fn resident(at: usize) -> bool {
        let mut vec = 0u8;
        // SAFETY: one page, one byte of answer.
        let ok = unsafe { libc::mincore(at as *mut libc::c_void, PAGE, &mut vec) } == 0;
        ok && vec & 1 == 1
    }

    #[test]
    fn the_pages_just_above_a_heaps_highest_block_are_faulted_in_ahead() {
        // A heap of this test's own, in a range no thread's heap uses.
        static HEAP: Heap = Heap::new(HEAPS + 1);
        // SAFETY: a non-zero size.
        let block = HEAP.allocate(100, |dl| unsafe { dl.malloc(100, 8) }) as usize;
        let next = (block + 100).next_multiple_of(PAGE);
        assert!(!resident(next));
        while HEAP.fault_in_piece() {}
        if !CAN_FAULT_IN.load(Ordering::Relaxed) {
            eprintln!("skipped: this kernel has no MADV_POPULATE_WRITE");
            return;
        }
        assert!(resident(next) && resident(next + AHEAD - PAGE));
        assert!(!resident(next + AHEAD + PAGE), "no further than AHEAD");
        // A block above them moves the pages faulted in up with it.
        // SAFETY: a non-zero size.
        let second = HEAP.allocate(AHEAD, |dl| unsafe { dl.malloc(AHEAD, 8) }) as usize;
        assert!(second >= block + 100);
        while HEAP.fault_in_piece() {}
        assert!(resident((second + AHEAD).next_multiple_of(PAGE) + AHEAD - PAGE));
    }

    #[test]
    fn a_helper_waiting_for_work_faults_in_ahead_of_the_thread_that_asked() {
        assert!(!blocks(1, 64).is_empty());
        fault_in_ahead();
        cvpdf::threads::start_helper();
        let heap = Heap::mine();
        let next = || heap.high.load(Ordering::Relaxed).next_multiple_of(PAGE);
        let since = std::time::Instant::now();
        while !resident(next()) && since.elapsed() < std::time::Duration::from_secs(10) {
            std::thread::yield_now();
        }
        assert!(resident(next()) || !CAN_FAULT_IN.load(Ordering::Relaxed));
    }

    #[test]
    fn large_and_aligned_blocks_are_aligned_and_zeroed() {
        for (size, align) in [(3 << 20, 8), (100, 4096), (70_000, 64), (24, 32)] {
            // SAFETY: a non-zero size.
            let p = unsafe { Heaps.alloc_zeroed(layout(size, align)) };
            assert!(!p.is_null());
            assert_eq!(p as usize % align, 0);
            // SAFETY: the block holds `size` bytes.
            assert!(unsafe { std::slice::from_raw_parts(p, size) }.iter().all(|&b| b == 0));
            unsafe { p.write_bytes(0xA5, size) };
            // SAFETY: freed once.
            unsafe { Heaps.dealloc(p, layout(size, align)) };
        }
    }
}
