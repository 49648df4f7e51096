//! `posventa-collector [--config FILE]`: see `--help`.

use posventa_collector::server::{self, config};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config = match config::parse(&args, |key| std::env::var(key).ok()) {
        Ok(config::Command::Run(config)) => *config,
        Ok(config::Command::Help) => {
            print!("{}", config::help());
            return;
        }
        Ok(config::Command::Version) => {
            println!("posventa-collector {}", env!("CARGO_PKG_VERSION"));
            return;
        }
        Err(message) => {
            eprintln!("posventa-collector: {message}");
            std::process::exit(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("posventa-collector: cannot start: {e}");
            std::process::exit(1);
        }
    };
    if let Err(message) = runtime.block_on(server::run(config)) {
        eprintln!("posventa-collector: {message}");
        std::process::exit(1);
    }
}
