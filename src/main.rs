// mimalloc in place of glibc's malloc: the model allocates millions of small strings and
// vectors from rayon's threads, where glibc's per-thread arenas cost instructions
// (about 12% of an extract's) and memory.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    no_transparent_huge_pages();
    parallax::cli::main()
}

/// Transparent huge pages off for this process (what mimalloc does itself when
/// `MIMALLOC_ALLOW_THP=0`): the analysis fills hundreds of MB of short-lived
/// allocations, and the kernel's clearing and splitting of 2 MB pages for them cost
/// more system time than huge pages save. At 10,000 articles, six alternating cold runs
/// each way: system time 2.3-2.7 s -> 0.9-1.1 s, wall 10.3-13.0 s -> 8.6-10.3 s, peak
/// memory no higher. The flag is the process's, read at each page fault, so it holds for
/// the memory mimalloc mapped before `main` too.
fn no_transparent_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: prctl with PR_SET_THP_DISABLE takes plain integers and touches no memory of
    // ours; on a kernel without it the call fails and nothing changes.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}
