//! `check-environment ENVIRONMENT [--dry-run]`: whether wrangler.toml's
//! staging, production or preview is complete and safe to deploy, with the
//! staff API's worker beside it (wrangler.staff-api.toml; deployment.rs);
//! scripts/deploy runs it first. Prints the environment's PUBLIC_ORIGIN;
//! exits 1 on any problem.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    use functions::deployment::{check, check_staff_api, Mode};

    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(environment) = args.first() else {
        eprintln!("usage: check-environment staging|production|preview [--dry-run]");
        return std::process::ExitCode::from(2);
    };
    let mode = if args.iter().any(|a| a == "--dry-run") { Mode::DryRun } else { Mode::Deploy };
    let read = |file: &str| match std::fs::read_to_string(file).map(|text| text.parse::<toml::Table>()) {
        Ok(Ok(config)) => Ok(config),
        Ok(Err(e)) => Err(format!("{file}: {e}")),
        Err(e) => Err(format!("{file}: {e} (run from the repository's root)")),
    };
    let (config, staff_api) = match (read("wrangler.toml"), read("wrangler.staff-api.toml")) {
        (Ok(config), Ok(staff_api)) => (config, staff_api),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("{e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let mut found = check(&config, environment, mode);
    found.problems.extend(check_staff_api(&config, &staff_api, environment));
    for note in &found.notes {
        eprintln!("note: {note}");
    }
    for problem in &found.problems {
        eprintln!("problem: {problem}");
    }
    if found.problems.is_empty() {
        eprintln!("wrangler.toml's {environment} is complete, and wrangler.staff-api.toml's beside it.");
        println!("{}", found.public_origin);
        std::process::ExitCode::SUCCESS
    } else {
        eprintln!("{environment} cannot be deployed: {} problems.", found.problems.len());
        std::process::ExitCode::FAILURE
    }
}

/// The worker's own build (wasm32) has nothing to check.
#[cfg(target_arch = "wasm32")]
fn main() {}
