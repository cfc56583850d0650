fn main() -> std::process::ExitCode {
    caixun::cli::main()
}
