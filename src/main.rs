// mimalloc rather than the system allocator: the model makes and frees many small
// strings and vectors on every thread, and glibc's malloc took an eighth of its time
// (profile in bench/README.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    parallax::cli::main()
}
