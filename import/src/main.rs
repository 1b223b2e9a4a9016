//! `import FILE.csv`: checks the file and prints the SQL that loads it, or
//! lists every bad row on stderr and exits 1. `scripts/import` runs the SQL
//! with `wrangler d1 execute`.

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: import FILE.csv  (columns: {})", import::COLUMNS.join(","));
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::from(2);
        }
    };
    match import::parse_registry_csv(&text) {
        Ok(accounts) => {
            print!("{}", import::to_sql(&accounts));
            eprintln!("{path}: {} accounts checked", accounts.len());
            ExitCode::SUCCESS
        }
        Err(errors) => {
            for error in &errors {
                eprintln!("{path}:{error}");
            }
            eprintln!("{path}: {} bad rows; nothing was loaded", errors.len());
            ExitCode::FAILURE
        }
    }
}
