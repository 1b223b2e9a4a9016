//! `operator`: the SQL of the operators' commands, from the store's own
//! statements (so the query-plan test reads them too), with their values
//! written in; `scripts/staff` and `scripts/outbox` give it to
//! `wrangler d1 execute --command`. Prints the SQL; exits 2 on a wrong use.
//!   operator staff add EMAIL ROLE USER | staff remove EMAIL USER | staff list
//!   operator outbox list-failed | outbox retry-failed

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    use domain::staff::Role;
    use domain::Email;
    use functions::store::{outbox, staff_side, Statement};

    const USAGE: &str = "usage: operator staff add EMAIL ROLE USER | staff remove EMAIL USER | staff list \
                         | outbox list-failed | outbox retry-failed";
    let roles = Role::ALL.map(Role::code).join(", ");
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let email = |typed: &str| Email::parse(typed).map_err(|e| format!("{typed}: {e}"));
    let statements: Result<Vec<Statement>, String> = match args.as_slice() {
        ["staff", "add", typed, role, user] => email(typed).and_then(|email| {
            let role = Role::parse(role).ok_or_else(|| format!("ROLE is one of {roles}"))?;
            Ok(staff_side::add_by_command(&email, role, user))
        }),
        ["staff", "remove", typed, user] => email(typed).map(|email| staff_side::remove_by_command(&email, user)),
        ["staff", "list"] => Ok(vec![staff_side::list_for_command()]),
        ["outbox", "list-failed"] => Ok(vec![outbox::list_failed()]),
        ["outbox", "retry-failed"] => Ok(vec![outbox::retry_failed()]),
        _ => Err(USAGE.to_owned()),
    };
    match statements {
        Ok(statements) => {
            let sql: Vec<String> = statements.iter().map(Statement::inlined).collect();
            println!("{};", sql.join(";\n"));
            std::process::ExitCode::SUCCESS
        }
        Err(problem) => {
            eprintln!("{problem}");
            std::process::ExitCode::from(2)
        }
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}
