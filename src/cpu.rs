//! The processor's features, detected before the main thread needs them.
//!
//! std (through `memchr`, in the Markdown parser) and libdeflate each ask the processor what
//! it offers the first time they run, with CPUID instructions. On a virtual machine each CPUID
//! traps to the hypervisor: 3.6 µs a leaf on this project's 2-core VMs, and each library asks
//! several. [`detect`] asks them on a helper thread while the main thread reads the page; both
//! libraries keep the answers for the whole process. In a trace of seed 000 the Markdown stage
//! (where `memchr` first runs) took 0.04 ms less; the render as a whole, less than the noise.

/// Has std and libdeflate detect the processor's features now, on this thread.
pub fn detect() {
    #[cfg(target_arch = "x86_64")]
    let _ = std::arch::is_x86_feature_detected!("avx2");
    // libdeflate detects them when a checksum is first dispatched to its fastest version.
    let _ = libdeflater::adler32(&[0]);
}
