fn main() -> std::process::ExitCode {
    parallax::cli::main()
}
