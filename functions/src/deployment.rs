//! Whether an environment of wrangler.toml is complete and safe to deploy,
//! checked before anything is uploaded (`scripts/deploy`, through the binary
//! `check-environment`): every binding, var and secret name the worker reads,
//! each environment with its own resources, nothing local (dev mailbox,
//! stand-in, 127.0.0.1) in staging or production, login.gov's own issuer,
//! and a top level that serves nothing if deployed by mistake. A preview
//! (`[env.preview.previews]`, `wrangler preview`) has the previews' data, no
//! sender, the sandbox, and signs in through staging's relay.

use toml::{Table, Value};

use crate::bindings;
use crate::login_gov::preview::PreviewOrigins;
use crate::settings::{self, CLOUDFLARE_EMAIL, DEV_MAILBOX, PREVIEW};
use crate::turnstile;
use domain::routes;

/// The environments a deployment may name; `local` is scripts/run's.
pub const DEPLOYED: [&str; 3] = ["staging", "production", PREVIEW];

/// How strict: a dry run takes the placeholder ids of the repository (a real
/// deployment needs the ids of the resources created in Cloudflare).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    DryRun,
    Deploy,
}

/// What the check found: problems stop a deployment, notes do not.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Findings {
    pub problems: Vec<String>,
    pub notes: Vec<String>,
    /// Where the environment is served (its `PUBLIC_ORIGIN`); for previews,
    /// the pattern whose `*` is the preview's name.
    pub public_origin: String,
}

/// login.gov's issuer for each deployed environment: the sandbox for staging.
fn login_gov_issuer(environment: &str) -> &'static str {
    match environment {
        "production" => "https://secure.login.gov/",
        _ => "https://idp.int.identitysandbox.gov/",
    }
}

/// Placeholder ids in the repository's wrangler.toml start so; the README says what replaces them.
const PLACEHOLDER: &str = "00000000";

const BINDING_TABLES: [&str; 4] = ["d1_databases", "kv_namespaces", "queues", "send_email"];

pub fn check(config: &Table, environment: &str, mode: Mode) -> Findings {
    let (mut problems, mut notes) = (Vec::new(), Vec::new());
    let mut problem = |text: String| problems.push(text);

    for key in BINDING_TABLES.iter().chain(&["vars"]) {
        if config.contains_key(*key) {
            problem(format!("the top level has `{key}`: a deployment without --env must serve nothing"));
        }
    }
    if !DEPLOYED.contains(&environment) {
        problem(format!("`{environment}` is not deployed: choose one of {}", DEPLOYED.join(", ")));
        return Findings { problems, notes, public_origin: String::new() };
    }
    let Some(env) = env_of(config, environment) else {
        problem(format!("wrangler.toml has no [env.{environment}]"));
        return Findings { problems, notes, public_origin: String::new() };
    };
    let preview = environment == PREVIEW;
    // The previews' worker itself is never deployed: only its Worker Previews are, from its `previews` block.
    let env = if preview {
        for key in ["vars", "send_email", "queues", "triggers"] {
            if env.contains_key(key) {
                problem(format!(
                    "[env.preview] has `{key}`: only its previews are deployed, from [env.preview.previews]"
                ));
            }
        }
        match env.get("previews").and_then(Value::as_table) {
            Some(previews) => previews,
            None => {
                problem("wrangler.toml has no [env.preview.previews]".into());
                return Findings { problems, notes, public_origin: String::new() };
            }
        }
    } else {
        env
    };
    let mut ids = Vec::new();

    // D1, KV and the email binding.
    let database = bound(env, "d1_databases", bindings::DB);
    match database {
        Some(db) => {
            ids.push(("D1 database_id", text(db, "database_id").unwrap_or_default().to_owned()));
            if text(db, "migrations_dir") != Some("migrations") {
                problem("the D1 database's migrations_dir is not `migrations`".into());
            }
        }
        None => problem(format!("no D1 database bound as {}", bindings::DB)),
    }
    match bound(env, "kv_namespaces", bindings::KV) {
        Some(kv) => ids.push(("KV id", text(kv, "id").unwrap_or_default().to_owned())),
        None => problem(format!("no KV namespace bound as {}", bindings::KV)),
    }
    let senders = array_of_tables(env, "send_email");
    if preview && !senders.is_empty() {
        problem("a preview has a send_email binding: a preview's emails stay in its own mailbox".into());
    } else if !preview && !senders.iter().any(|s| text(s, "name") == Some(bindings::EMAIL)) {
        problem(format!("no send_email binding named {}: nothing could be sent", bindings::EMAIL));
    }
    if preview {
        // Where the previews' migrations are applied (`wrangler d1 migrations apply --env preview`).
        let top = config["env"][PREVIEW].as_table();
        let migrated = top.and_then(|t| bound(t, "d1_databases", bindings::DB)).and_then(|d| text(d, "database_id"));
        if migrated.is_none() || migrated != database.and_then(|d| text(d, "database_id")) {
            problem("[env.preview] binds no D1 database as DB, or not the previews' one: their migrations would go elsewhere".into());
        }
        // Cloudflare uploads neither consumers nor crons with a Worker Preview: the preview works without them.
        for key in ["queues", "triggers"] {
            if env.contains_key(key) {
                problem(format!("[env.preview.previews] has `{key}`: a Worker Preview has no queue consumer or cron, and works without them"));
            }
        }
    }

    // The queues, each with its dead letters and a consumer for those (a preview has none).
    let queues = env.get("queues").and_then(Value::as_table);
    let consumers = queues.map(|q| array_of_tables(q, "consumers")).unwrap_or_default();
    let consumed = |name: &str| consumers.iter().find(|c| text(c, "queue") == Some(name));
    let queued: &[&str] = if preview { &[] } else { &[bindings::EMAILS, bindings::TRANSFERS] };
    for &binding in queued {
        let Some(queue) = queues.and_then(|q| bound(q, "producers", binding)).and_then(|p| text(p, "queue")) else {
            problem(format!("no queue bound as {binding}"));
            continue;
        };
        if !queue.contains(environment) {
            problem(format!("the queue {queue} is not named for {environment}: each environment has its own"));
        }
        match consumed(queue).and_then(|c| text(c, "dead_letter_queue")) {
            Some(dead) if consumed(dead).is_some() => {}
            Some(dead) => problem(format!("nothing consumes the dead letters of {queue} ({dead})")),
            None => problem(format!("the queue {queue} has no consumer with a dead_letter_queue")),
        }
    }
    let crons = env.get("triggers").and_then(|t| t.get("crons")).and_then(Value::as_array);
    if !preview && crons.is_none_or(|c| c.is_empty()) {
        problem("no cron: the outbox sweep would never run".into());
    }
    if env.get("observability").and_then(|o| o.get("enabled")).and_then(Value::as_bool) != Some(true) {
        problem("[observability] is not enabled: nobody could find a failed request".into());
    }
    // A preview's secrets come with each deployment (`wrangler preview --secrets-file`).
    let secrets = env.get("secrets").and_then(|s| s.get("required")).and_then(Value::as_array);
    for secret in settings::SECRETS.iter().filter(|_| !preview) {
        if !secrets.is_some_and(|list| list.iter().any(|s| s.as_str() == Some(secret))) {
            problem(format!("the secret {secret} is not listed in [env.{environment}.secrets] required"));
        }
    }

    // The vars.
    let vars = env.get("vars").and_then(Value::as_table).cloned().unwrap_or_default();
    let var = |name: &str| vars.get(name).and_then(Value::as_str).unwrap_or_default();
    for name in settings::VARS {
        if !vars.contains_key(name) {
            problem(format!("the var {name} is missing"));
        }
    }
    for (name, value) in &vars {
        let value = value.as_str().unwrap_or_default();
        let locals: &[&str] =
            if preview { &["127.0.0.1", "localhost"] } else { &["127.0.0.1", "localhost", DEV_MAILBOX] };
        if locals.iter().any(|local| value.contains(local)) {
            problem(format!("the var {name} is a local run's ({value})"));
        }
    }
    if var(settings::ENVIRONMENT) != environment {
        problem(format!("ENVIRONMENT is `{}`, not `{environment}`", var(settings::ENVIRONMENT)));
    }
    let provider = if preview { DEV_MAILBOX } else { CLOUDFLARE_EMAIL };
    if var(settings::EMAIL_PROVIDER) != provider {
        problem(format!("EMAIL_PROVIDER is `{}`, not `{provider}`", var(settings::EMAIL_PROVIDER)));
    }
    if domain::Email::parse(var(settings::EMAIL_FROM)).is_err() {
        problem("EMAIL_FROM is not an email address: the registry needs a sender".into());
    }
    let issuer = login_gov_issuer(environment);
    if var(settings::LOGIN_GOV_ISSUER) != issuer {
        problem(format!("LOGIN_GOV_ISSUER is `{}`, not login.gov's {issuer}", var(settings::LOGIN_GOV_ISSUER)));
    }
    let origin = var(settings::PUBLIC_ORIGIN);
    if !origin.starts_with("https://") {
        problem(format!("PUBLIC_ORIGIN `{origin}` is not an https origin"));
    }
    // A preview's sign-ins return through staging's relay, which must allow the previews' addresses.
    let staging = config.get("env").and_then(|e| e.get("staging")).and_then(|s| s.get("vars"));
    let staging_var = |name: &str| staging.and_then(|v| v.get(name)).and_then(Value::as_str).unwrap_or_default();
    let returns_to = if preview { staging_var(settings::PUBLIC_ORIGIN) } else { origin };
    for (name, path) in [
        (settings::LOGIN_GOV_REDIRECT_URI, if preview { routes::PREVIEW_CALLBACK } else { routes::CALLBACK }),
        (settings::LOGIN_GOV_POST_LOGOUT_REDIRECT_URI, routes::SIGNED_OUT),
    ] {
        if var(name) != format!("{returns_to}{path}") {
            problem(format!("{name} is not {returns_to}{path}"));
        }
    }
    if preview {
        if var(settings::STAFF_ACCESS_ISSUER).is_empty() {
            problem("a preview without Cloudflare Access (STAFF_ACCESS_ISSUER, STAFF_ACCESS_AUD): anyone could read its mailbox's sign-in links".into());
        }
        if origin.matches('*').count() != 1 {
            problem(format!("PUBLIC_ORIGIN `{origin}` is not a pattern with one `*` for the preview's name"));
        }
        if !PreviewOrigins::parse(staging_var(settings::PREVIEW_ORIGINS)).names(origin) {
            problem(format!("staging's PREVIEW_ORIGINS does not name `{origin}`: a preview could not sign in"));
        }
    }
    for (name, cloudflares) in [
        (settings::TURNSTILE_SCRIPT_URL, turnstile::SCRIPT),
        (settings::TURNSTILE_SITEVERIFY_URL, turnstile::SITEVERIFY),
    ] {
        if var(name) != cloudflares {
            problem(format!("{name} is `{}`, not Cloudflare's {cloudflares}", var(name)));
        }
    }
    let site_key = var(settings::TURNSTILE_SITE_KEY);
    if environment == "production" && turnstile::is_test_key(site_key) {
        problem(format!(
            "TURNSTILE_SITE_KEY `{site_key}` is one of Cloudflare's test keys: production needs its own widget"
        ));
    }
    if let Err(e) = domain::deadline::TransferDeadline::parse(var(settings::TRANSFER_DEADLINE)) {
        problem(format!("TRANSFER_DEADLINE: {e}: the program office's last day to transfer"));
    }
    if var(settings::CAMPAIGN_EMAILS_PER_MINUTE).parse::<i64>().map_or(true, |n| n < 1) {
        problem(
            "CAMPAIGN_EMAILS_PER_MINUTE is not a whole number above 0: a reminder campaign would never send".into(),
        );
    }
    if var(settings::AFTER_DEADLINE_WORDS).trim().is_empty() {
        problem("AFTER_DEADLINE_WORDS is empty: an examiner past the deadline would not be told what it means".into());
    }
    if var(settings::STAFF_ACCESS_ISSUER).is_empty() != var(settings::STAFF_ACCESS_AUD).is_empty() {
        problem(
            "STAFF_ACCESS_ISSUER and STAFF_ACCESS_AUD go together: Cloudflare Access's team and application".into(),
        );
    }
    if environment == "staging" {
        // The relay sends login.gov's answers on only to the previews' own addresses.
        let previews = config.get("env").and_then(|e| e.get(PREVIEW)).and_then(|p| p.get("previews"));
        let theirs = previews.and_then(|p| p.get("vars")).and_then(|v| v.get(settings::PUBLIC_ORIGIN));
        let theirs = theirs.and_then(Value::as_str).unwrap_or_default();
        for pattern in var(settings::PREVIEW_ORIGINS).split([' ', ',']).filter(|p| !p.is_empty()) {
            if pattern != theirs {
                problem(format!("staging's PREVIEW_ORIGINS names `{pattern}`, not the previews' address `{theirs}`"));
            }
        }
    }
    // Versions of staging or production at their own URLs would serve their data to any branch's code.
    if !preview && env.get("preview_urls").and_then(Value::as_bool) != Some(false) {
        problem(format!("{environment} does not set preview_urls = false"));
    }
    match environment {
        // Staging holds the synthetic registry: it emails nobody outside its allow-list.
        "staging" if var(settings::EMAIL_ALLOWED_RECIPIENTS).is_empty() => {
            problem("staging has no EMAIL_ALLOWED_RECIPIENTS: it would email the people of its registry".into());
        }
        "production" | PREVIEW if !var(settings::PREVIEW_ORIGINS).is_empty() => {
            problem(format!("{environment} names PREVIEW_ORIGINS: only staging relays the previews' sign-ins"));
        }
        _ => {}
    }

    if preview && var(settings::STAFF_ACCESS_AUD).starts_with(PLACEHOLDER) {
        let text = "STAFF_ACCESS_AUD is the repository's placeholder: put the audience tag of the previews' Access application (README, Deploying)";
        match mode {
            Mode::DryRun => notes.push(text.to_owned()),
            Mode::Deploy => problem(text.to_owned()),
        }
    }
    if site_key.starts_with(PLACEHOLDER) {
        let text = format!("TURNSTILE_SITE_KEY is the repository's placeholder: put the site key of the widget created for {environment} (README, Deploying)");
        match mode {
            Mode::DryRun => notes.push(text),
            Mode::Deploy => problem(text),
        }
    }
    if preview {
        for other in ["staging", "production"] {
            let theirs = config.get("env").and_then(|e| e.get(other)).and_then(Value::as_table);
            let their_ids: Vec<String> = theirs
                .map(|t| {
                    let d1 = array_of_tables(t, "d1_databases").into_iter().filter_map(|d| text(d, "database_id"));
                    let kv = array_of_tables(t, "kv_namespaces").into_iter().filter_map(|k| text(k, "id"));
                    d1.chain(kv).map(str::to_owned).collect()
                })
                .unwrap_or_default();
            for (what, id) in &ids {
                if their_ids.contains(id) {
                    problem(format!("the previews' {what} is {other}'s: a preview's data must be its own"));
                }
            }
        }
    }
    for (what, id) in ids {
        let well_formed = match what {
            "KV id" => id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()),
            _ => id.len() == 36 && id.split('-').map(str::len).eq([8, 4, 4, 4, 12]),
        };
        if !well_formed {
            problem(format!("the {what} `{id}` is not one Cloudflare gives"));
        } else if id.starts_with(PLACEHOLDER) {
            let text = format!("the {what} is the repository's placeholder: put the id of the resource created for {environment} (README, Deploying)");
            match mode {
                Mode::DryRun => notes.push(text),
                Mode::Deploy => problem(text),
            }
        }
    }
    Findings { problems, notes, public_origin: origin.to_owned() }
}

/// Whether the staff API's worker (wrangler.staff-api.toml) can be deployed
/// beside the registry's in `environment`: the registry's worker binds it by
/// its name; it has no address of its own (so only that binding reaches it,
/// and only the registry's worker sets the settings it is passed), works on
/// the registry's own D1, KV and email queue there, and does nothing on its
/// own (no queue consumer, no cron). Its problems; none when it can.
pub fn check_staff_api(registry: &Table, staff_api: &Table, environment: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let preview = environment == PREVIEW;
    // A preview's bindings are in its `previews` block: the previews' worker itself is never deployed.
    let registry_env = env_of(registry, environment).map(|env| match env.get("previews").and_then(Value::as_table) {
        Some(previews) if preview => previews,
        _ => env,
    });
    let (Some(registry_env), Some(env)) = (registry_env, env_of(staff_api, environment)) else {
        problems.push(format!("wrangler.toml or wrangler.staff-api.toml has no [env.{environment}]"));
        return problems;
    };
    let name = format!("{}-{environment}", text(staff_api, "name").unwrap_or_default());
    if bound(registry_env, "services", bindings::STAFF_API).and_then(|s| text(s, "service")) != Some(name.as_str()) {
        problems.push(format!("the registry's {environment} binds no worker {name} as {}", bindings::STAFF_API));
    }
    for key in BINDING_TABLES.iter().chain(&["vars", "routes", "route"]) {
        if staff_api.contains_key(*key) {
            problems
                .push(format!("wrangler.staff-api.toml's top level has `{key}`: only its environments are deployed"));
        }
    }
    for key in ["workers_dev", "preview_urls"] {
        if env.get(key).and_then(Value::as_bool) != Some(false) {
            problems.push(format!(
                "the staff API's {environment} does not set {key} = false: only the registry's worker may reach it"
            ));
        }
    }
    // Deployed under its own name, with its own build, on the registry's runtime.
    for key in ["name", "main", "compatibility_date", "compatibility_flags"] {
        if env.contains_key(key) {
            problems.push(format!("the staff API's {environment} sets `{key}`: only its top level does"));
        }
    }
    for key in ["compatibility_date", "compatibility_flags"] {
        if staff_api.get(key) != registry.get(key) {
            problems.push(format!("wrangler.staff-api.toml's {key} is not wrangler.toml's"));
        }
    }
    for key in ["routes", "route", "triggers", "send_email"] {
        if env.contains_key(key) {
            problems.push(format!("the staff API's {environment} has `{key}`: it is reached only through the registry's worker, and sends nothing itself"));
        }
    }
    if env.get("observability").and_then(|o| o.get("enabled")).and_then(Value::as_bool) != Some(true) {
        problems
            .push(format!("the staff API's {environment} has no [observability]: nobody could find a failed request"));
    }
    // The same data and the same email queue as the registry's worker.
    let same = |key: &str, binding: &str, id_key: &str| {
        let id = |env: &Table| bound(env, key, binding).and_then(|t| text(t, id_key)).map(str::to_owned);
        (id(env), id(registry_env))
    };
    let queues = |env: &Table| env.get("queues").and_then(Value::as_table).cloned().unwrap_or_default();
    for (what, (theirs, registrys)) in [
        ("D1 database", same("d1_databases", bindings::DB, "database_id")),
        ("KV namespace", same("kv_namespaces", bindings::KV, "id")),
    ] {
        if theirs.is_none() || theirs != registrys {
            problems.push(format!("the staff API's {environment} does not bind the registry's {what}"));
        }
    }
    let emails = |env: &Table| {
        bound(&queues(env), "producers", bindings::EMAILS).and_then(|p| text(p, "queue")).map(str::to_owned)
    };
    if emails(env) != emails(registry_env) {
        problems.push(format!("the staff API's {environment} does not put emails on the registry's queue"));
    }
    if !array_of_tables(&queues(env), "consumers").is_empty() {
        problems.push(format!("the staff API's {environment} consumes a queue: the registry's worker does"));
    }
    // A preview delivers its emails within the request, into its mailbox: the staff API's worker too.
    let vars = env.get("vars").and_then(Value::as_table).cloned().unwrap_or_default();
    let var = |name: &str| vars.get(name).and_then(Value::as_str).unwrap_or_default().to_owned();
    if preview && (var(settings::ENVIRONMENT) != PREVIEW || var(settings::EMAIL_PROVIDER) != DEV_MAILBOX) {
        problems.push(format!("the staff API's preview does not set ENVIRONMENT = \"{PREVIEW}\" and EMAIL_PROVIDER = \"{DEV_MAILBOX}\": its emails would be lost"));
    }
    if !preview && !vars.is_empty() {
        problems.push(format!(
            "the staff API's {environment} has vars: it works with the settings the registry's worker passes on"
        ));
    }
    problems
}

/// `[env.<environment>]`, if wrangler.toml has it.
fn env_of<'a>(config: &'a Table, environment: &str) -> Option<&'a Table> {
    config.get("env").and_then(|e| e.get(environment)).and_then(Value::as_table)
}

/// Of `[[key]]`, the table bound as `binding`.
fn bound<'a>(env: &'a Table, key: &str, binding: &str) -> Option<&'a Table> {
    array_of_tables(env, key).into_iter().find(|t| text(t, "binding") == Some(binding))
}

fn text<'a>(table: &'a Table, key: &str) -> Option<&'a str> {
    table.get(key).and_then(Value::as_str)
}

/// `[[parent.key]]`: the tables of an array of tables, none if absent.
fn array_of_tables<'a>(parent: &'a Table, key: &str) -> Vec<&'a Table> {
    parent
        .get(key)
        .and_then(Value::as_array)
        .map_or_else(Vec::new, |items| items.iter().filter_map(Value::as_table).collect())
}
