//! What a stage is done with: dropped, or left to the kernel by a process about to exit.
//!
//! A typeset résumé and its PDF's object graph are thousands of small allocations. Freeing them
//! took about 2 % of a one-page render's wall time, on the thread that still had the file to
//! write. A process that exits once its one compile is written needs none of it: like clang's
//! `-disable-free`, it leaves the memory to the kernel, which takes it back at exit in one go.
//! Everything else (`watch`, `render --all`, the library) drops as usual.

use std::cell::Cell;

thread_local! {
    /// Whether this thread's process exits once the compile under way is written.
    static EXITING: Cell<bool> = const { Cell::new(false) };
}

/// Says that the process exits once this thread's compile is written: from then on, what this
/// thread's compiles are done with is left to the kernel rather than freed.
pub fn exit_after_this_compile() {
    EXITING.with(|e| e.set(true));
}

/// Lets `value` go: drops it, or leaves it to the kernel after [`exit_after_this_compile`].
pub fn discard<T>(value: T) {
    if EXITING.with(Cell::get) {
        std::mem::forget(value);
    } else {
        drop(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::rc::Rc;

    #[test]
    fn a_value_is_dropped_unless_the_process_is_about_to_exit() {
        let value = Rc::new(());
        discard(Rc::clone(&value));
        assert_eq!(Rc::strong_count(&value), 1, "dropped");
        // On a thread of its own, so that other tests on this one still drop.
        std::thread::spawn(|| {
            let value = Rc::new(());
            exit_after_this_compile();
            discard(Rc::clone(&value));
            assert_eq!(Rc::strong_count(&value), 2, "left as it is");
        })
        .join()
        .unwrap();
    }
}
