//! The check scripts/deploy runs before it uploads, on the repository's own
//! wrangler.toml and on broken copies of it: each mistake that would deploy
//! something unsafe or broken is refused.
#![allow(clippy::unwrap_used)]

use functions::deployment::{check, Mode};
use toml::{Table, Value};

fn wrangler_toml() -> Table {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../wrangler.toml")).unwrap().parse().unwrap()
}

fn vars_of<'a>(config: &'a mut Table, environment: &str) -> &'a mut Table {
    config["env"][environment]["vars"].as_table_mut().unwrap()
}

/// The problems of `environment` after `change`.
fn problems_after(environment: &str, change: impl FnOnce(&mut Table)) -> Vec<String> {
    let mut config = wrangler_toml();
    change(&mut config);
    check(&config, environment, Mode::DryRun).problems
}

fn assert_refused(problems: &[String], words: &str) {
    assert!(problems.iter().any(|p| p.contains(words)), "expected a problem with `{words}`, got {problems:?}");
}

#[test]
fn staging_and_production_are_complete_and_only_their_placeholders_stop_a_real_deployment() {
    // The D1 and KV ids; production's Turnstile site key too (staging's is Cloudflare's test key).
    for (environment, placeholders) in [("staging", 2), ("production", 3)] {
        let dry = check(&wrangler_toml(), environment, Mode::DryRun);
        assert_eq!(dry.problems, Vec::<String>::new(), "{environment}");
        let real = check(&wrangler_toml(), environment, Mode::Deploy);
        assert_eq!(real.problems.len(), placeholders, "{environment}: {:?}", real.problems);
        assert!(real.problems.iter().all(|p| p.contains("placeholder")));
    }
}

#[test]
fn a_check_that_is_not_cloudflares_or_a_test_key_in_production_is_refused() {
    let stand_in = problems_after("staging", |c| {
        let url = Value::String("http://127.0.0.1:9400/turnstile/v0/siteverify".into());
        vars_of(c, "staging").insert("TURNSTILE_SITEVERIFY_URL".into(), url);
    });
    assert_refused(&stand_in, "TURNSTILE_SITEVERIFY_URL");
    let script = problems_after("production", |c| {
        let url = Value::String("https://example.com/api.js".into());
        vars_of(c, "production").insert("TURNSTILE_SCRIPT_URL".into(), url);
    });
    assert_refused(&script, "TURNSTILE_SCRIPT_URL");
    let test_key = problems_after("production", |c| {
        let key = Value::String("1x00000000000000000000AA".into());
        vars_of(c, "production").insert("TURNSTILE_SITE_KEY".into(), key);
    });
    assert_refused(&test_key, "test keys");
    let no_secret = problems_after("production", |c| {
        let required = c["env"]["production"]["secrets"]["required"].as_array_mut().unwrap();
        required.retain(|s| s.as_str() != Some("TURNSTILE_SECRET_KEY"));
    });
    assert_refused(&no_secret, "TURNSTILE_SECRET_KEY");
}

#[test]
fn the_local_environment_and_unknown_ones_are_not_deployed() {
    assert_refused(&check(&wrangler_toml(), "local", Mode::DryRun).problems, "is not deployed");
    assert_refused(&check(&wrangler_toml(), "prod", Mode::DryRun).problems, "is not deployed");
}

#[test]
fn production_with_the_dev_mailbox_is_refused() {
    let problems = problems_after("production", |c| {
        vars_of(c, "production").insert("EMAIL_PROVIDER".into(), Value::String("dev-mailbox".into()));
    });
    assert_refused(&problems, "EMAIL_PROVIDER");
    assert_refused(&problems, "local run's");
}

#[test]
fn production_without_a_sender_is_refused() {
    let no_address = problems_after("production", |c| {
        vars_of(c, "production").remove("EMAIL_FROM");
    });
    assert_refused(&no_address, "EMAIL_FROM");
    let no_binding = problems_after("production", |c| {
        c["env"]["production"].as_table_mut().unwrap().remove("send_email");
    });
    assert_refused(&no_binding, "send_email");
}

#[test]
fn a_stand_in_issuer_or_the_sandbox_in_production_is_refused() {
    let stand_in = problems_after("production", |c| {
        vars_of(c, "production").insert("LOGIN_GOV_ISSUER".into(), Value::String("http://127.0.0.1:9400".into()));
    });
    assert_refused(&stand_in, "LOGIN_GOV_ISSUER");
    let sandbox = problems_after("production", |c| {
        let issuer = Value::String("https://idp.int.identitysandbox.gov/".into());
        vars_of(c, "production").insert("LOGIN_GOV_ISSUER".into(), issuer);
    });
    assert_refused(&sandbox, "https://secure.login.gov/");
}

#[test]
fn staging_without_its_email_allow_list_is_refused() {
    let problems = problems_after("staging", |c| {
        vars_of(c, "staging").remove("EMAIL_ALLOWED_RECIPIENTS");
    });
    assert_refused(&problems, "EMAIL_ALLOWED_RECIPIENTS");
}

#[test]
fn a_missing_var_binding_dead_letter_queue_secret_or_log_is_refused() {
    assert_refused(
        &problems_after("staging", |c| drop(vars_of(c, "staging").remove("TRANSFER_LIMIT_PER_IP"))),
        "TRANSFER_LIMIT_PER_IP",
    );
    assert_refused(
        &problems_after("staging", |c| drop(c["env"]["staging"].as_table_mut().unwrap().remove("kv_namespaces"))),
        "KV",
    );
    assert_refused(
        &problems_after("production", |c| {
            let consumers = c["env"]["production"]["queues"]["consumers"].as_array_mut().unwrap();
            consumers.retain(|q| !q["queue"].as_str().unwrap().ends_with("emails-dead-letters"));
        }),
        "dead letters",
    );
    assert_refused(
        &problems_after("production", |c| drop(c["env"]["production"].as_table_mut().unwrap().remove("secrets"))),
        "LOGIN_GOV_CLIENT_PRIVATE_JWK",
    );
    assert_refused(
        &problems_after("production", |c| drop(c["env"]["production"].as_table_mut().unwrap().remove("observability"))),
        "observability",
    );
}

#[test]
fn the_top_level_with_vars_or_bindings_is_refused_whatever_the_environment() {
    let problems = problems_after("production", |c| {
        let mut vars = Table::new();
        vars.insert("EMAIL_PROVIDER".into(), Value::String("dev-mailbox".into()));
        c.insert("vars".into(), Value::Table(vars));
    });
    assert_refused(&problems, "the top level has `vars`");
}

#[test]
fn a_redirect_uri_of_another_origin_is_refused() {
    let problems = problems_after("staging", |c| {
        let other = Value::String("https://evil.example/auth/callback".into());
        vars_of(c, "staging").insert("LOGIN_GOV_REDIRECT_URI".into(), other);
    });
    assert_refused(&problems, "LOGIN_GOV_REDIRECT_URI");
}

#[test]
fn cloudflare_access_needs_both_its_team_and_its_audience() {
    let problems = problems_after("production", |c| {
        let issuer = Value::String("https://fmcsa.cloudflareaccess.com".into());
        vars_of(c, "production").insert("STAFF_ACCESS_ISSUER".into(), issuer);
    });
    assert_refused(&problems, "STAFF_ACCESS_AUD");
}
