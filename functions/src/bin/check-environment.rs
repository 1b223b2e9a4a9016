//! `check-environment ENVIRONMENT [--dry-run]`: whether wrangler.toml's
//! staging, production or preview is complete and safe to deploy (deployment.rs);
//! scripts/deploy runs it first. Prints the environment's PUBLIC_ORIGIN;
//! exits 1 on any problem.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    use functions::deployment::{check, Mode};

    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(environment) = args.first() else {
        eprintln!("usage: check-environment staging|production|preview [--dry-run]");
        return std::process::ExitCode::from(2);
    };
    let mode = if args.iter().any(|a| a == "--dry-run") { Mode::DryRun } else { Mode::Deploy };
    let config = match std::fs::read_to_string("wrangler.toml").map(|text| text.parse::<toml::Table>()) {
        Ok(Ok(config)) => config,
        Ok(Err(e)) => {
            eprintln!("wrangler.toml: {e}");
            return std::process::ExitCode::FAILURE;
        }
        Err(e) => {
            eprintln!("wrangler.toml: {e} (run from the repository's root)");
            return std::process::ExitCode::FAILURE;
        }
    };
    let found = check(&config, environment, mode);
    for note in &found.notes {
        eprintln!("note: {note}");
    }
    for problem in &found.problems {
        eprintln!("problem: {problem}");
    }
    if found.problems.is_empty() {
        eprintln!("wrangler.toml's {environment} is complete.");
        println!("{}", found.public_origin);
        std::process::ExitCode::SUCCESS
    } else {
        eprintln!("wrangler.toml's {environment} cannot be deployed: {} problems.", found.problems.len());
        std::process::ExitCode::FAILURE
    }
}

/// The worker's own build (wasm32) has nothing to check.
#[cfg(target_arch = "wasm32")]
fn main() {}
