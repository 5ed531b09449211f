// mimalloc in place of glibc's malloc: the model allocates millions of small strings and
// vectors from rayon's threads, where glibc's per-thread arenas cost instructions
// (about 12% of an extract's) and memory.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    parallax::cli::main()
}
