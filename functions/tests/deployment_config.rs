//! The check scripts/deploy runs before it uploads, on the repository's own
//! wrangler.toml and on broken copies of it: each mistake that would deploy
//! something unsafe or broken is refused.
#![allow(clippy::unwrap_used)]

use functions::deployment::{check, check_staff_api, Mode};
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
fn staging_production_and_the_previews_are_complete_and_only_their_placeholders_stop_a_real_deployment() {
    // The D1 and KV ids; production's Turnstile site key too (staging's and the previews' are Cloudflare's test key).
    // The previews' Access audience tag too.
    for (environment, placeholders) in [("staging", 2), ("production", 3), ("preview", 3)] {
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
fn a_deadline_that_is_no_date_or_without_its_words_is_refused() {
    let no_date = problems_after("production", |c| {
        vars_of(c, "production").insert("TRANSFER_DEADLINE".into(), Value::String("June 30".into()));
    });
    assert_refused(&no_date, "TRANSFER_DEADLINE");
    let no_words = problems_after("staging", |c| {
        vars_of(c, "staging").insert("AFTER_DEADLINE_WORDS".into(), Value::String(" ".into()));
    });
    assert_refused(&no_words, "AFTER_DEADLINE_WORDS");
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

fn previews_of(config: &mut Table) -> &mut Table {
    config["env"]["preview"]["previews"].as_table_mut().unwrap()
}

#[test]
fn a_preview_with_a_sender_or_staging_s_data_or_production_s_issuer_is_refused() {
    let sender = problems_after("preview", |c| {
        let binding: Table = toml::from_str("name = \"EMAIL\"").unwrap();
        previews_of(c).insert("send_email".into(), Value::Array(vec![Value::Table(binding)]));
    });
    assert_refused(&sender, "a preview has a send_email binding");

    let staging_db = problems_after("preview", |c| {
        let id = c["env"]["staging"]["d1_databases"][0]["database_id"].clone();
        previews_of(c)["d1_databases"][0].as_table_mut().unwrap().insert("database_id".into(), id);
    });
    assert_refused(&staging_db, "the previews' D1 database_id is staging's");
    let production_kv = problems_after("preview", |c| {
        let id = c["env"]["production"]["kv_namespaces"][0]["id"].clone();
        previews_of(c)["kv_namespaces"][0].as_table_mut().unwrap().insert("id".into(), id);
    });
    assert_refused(&production_kv, "the previews' KV id is production's");

    let production_issuer = problems_after("preview", |c| {
        let issuer = Value::String("https://secure.login.gov/".into());
        previews_of(c)["vars"].as_table_mut().unwrap().insert("LOGIN_GOV_ISSUER".into(), issuer);
    });
    assert_refused(&production_issuer, "https://idp.int.identitysandbox.gov/");
    let cloudflare = problems_after("preview", |c| {
        let provider = Value::String("cloudflare".into());
        previews_of(c)["vars"].as_table_mut().unwrap().insert("EMAIL_PROVIDER".into(), provider);
    });
    assert_refused(&cloudflare, "EMAIL_PROVIDER");
}

#[test]
fn a_preview_signs_in_only_through_staging_s_relay_and_relays_for_nobody() {
    let own_callback = problems_after("preview", |c| {
        let uri = Value::String(
            "https://*-national-registry-preview.fmcsa-registry-previews.workers.dev/auth/callback".into(),
        );
        previews_of(c)["vars"].as_table_mut().unwrap().insert("LOGIN_GOV_REDIRECT_URI".into(), uri);
    });
    assert_refused(&own_callback, "/auth/preview-callback");
    let not_relayed = problems_after("preview", |c| {
        vars_of(c, "staging").insert("PREVIEW_ORIGINS".into(), Value::String(String::new()));
    });
    assert_refused(&not_relayed, "staging's PREVIEW_ORIGINS does not name");
    let relaying = problems_after("preview", |c| {
        let origins = Value::String("https://*-elsewhere.workers.dev".into());
        previews_of(c)["vars"].as_table_mut().unwrap().insert("PREVIEW_ORIGINS".into(), origins);
    });
    assert_refused(&relaying, "preview names PREVIEW_ORIGINS");
}

#[test]
fn the_previews_worker_itself_serves_nothing_and_migrates_the_previews_database() {
    let vars = problems_after("preview", |c| {
        let env = c["env"]["preview"].as_table_mut().unwrap();
        env.insert("vars".into(), Value::Table(toml::from_str("ENVIRONMENT = \"preview\"").unwrap()));
    });
    assert_refused(&vars, "[env.preview] has `vars`");
    let elsewhere = problems_after("preview", |c| {
        let db = c["env"]["preview"]["d1_databases"][0].as_table_mut().unwrap();
        db.insert("database_id".into(), Value::String("00000000-0000-4000-8000-00000000000d".into()));
    });
    assert_refused(&elsewhere, "migrations would go elsewhere");
}

#[test]
fn a_preview_with_queues_or_crons_or_without_access_in_front_is_refused() {
    let queues = problems_after("preview", |c| {
        let producers: Table = toml::from_str("producers = [{ binding = \"EMAILS\", queue = \"q\" }]").unwrap();
        previews_of(c).insert("queues".into(), Value::Table(producers));
    });
    assert_refused(&queues, "[env.preview.previews] has `queues`");
    let crons = problems_after("preview", |c| {
        previews_of(c).insert("triggers".into(), Value::Table(toml::from_str("crons = [\"* * * * *\"]").unwrap()));
    });
    assert_refused(&crons, "[env.preview.previews] has `triggers`");
    let open = problems_after("preview", |c| {
        drop(previews_of(c)["vars"].as_table_mut().unwrap().remove("STAFF_ACCESS_ISSUER"))
    });
    assert_refused(&open, "a preview without Cloudflare Access");
    let real = check(&wrangler_toml(), "preview", Mode::Deploy).problems;
    assert_refused(&real, "STAFF_ACCESS_AUD is the repository's placeholder");
}

#[test]
fn staging_relays_only_to_the_previews_and_no_environment_serves_versions_of_itself() {
    let broad = problems_after("staging", |c| {
        vars_of(c, "staging").insert("PREVIEW_ORIGINS".into(), Value::String("https://*.workers.dev".into()));
    });
    assert_refused(&broad, "staging's PREVIEW_ORIGINS names `https://*.workers.dev`");
    for environment in ["staging", "production"] {
        let versions = problems_after(environment, |c| {
            c["env"][environment].as_table_mut().unwrap().insert("preview_urls".into(), Value::Boolean(true));
        });
        assert_refused(&versions, "does not set preview_urls = false");
    }
}

fn staff_api_toml() -> Table {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../wrangler.staff-api.toml"))
        .unwrap()
        .parse()
        .unwrap()
}

/// The staff API's worker's problems in `environment` after `change` (to the registry's file, then its own).
fn staff_api_problems_after(environment: &str, change: impl FnOnce(&mut Table, &mut Table)) -> Vec<String> {
    let (mut registry, mut staff_api) = (wrangler_toml(), staff_api_toml());
    change(&mut registry, &mut staff_api);
    check_staff_api(&registry, &staff_api, environment)
}

#[test]
fn the_staff_api_s_worker_is_deployable_beside_the_registry_s_in_every_environment() {
    for environment in ["staging", "production", "preview"] {
        assert_eq!(check_staff_api(&wrangler_toml(), &staff_api_toml(), environment), Vec::<String>::new());
    }
}

#[test]
fn a_staff_api_worker_with_an_address_of_its_own_or_other_data_or_unbound_is_refused() {
    let reachable = staff_api_problems_after("production", |_, s| {
        s["env"]["production"].as_table_mut().unwrap().insert("workers_dev".into(), Value::Boolean(true));
    });
    assert_refused(&reachable, "workers_dev = false");
    let routed = staff_api_problems_after("staging", |_, s| {
        let route = Value::String("staff.nationalregistry.fmcsa.dot.gov".into());
        s["env"]["staging"].as_table_mut().unwrap().insert("routes".into(), Value::Array(vec![route]));
    });
    assert_refused(&routed, "has `routes`");
    let other_data = staff_api_problems_after("production", |_, s| {
        let id = Value::String("00000000-0000-4000-8000-00000000000a".into());
        s["env"]["production"]["d1_databases"][0].as_table_mut().unwrap().insert("database_id".into(), id);
    });
    assert_refused(&other_data, "the registry's D1 database");
    let other_queue = staff_api_problems_after("staging", |_, s| {
        let queue = Value::String("national-registry-production-emails".into());
        s["env"]["staging"]["queues"]["producers"][0].as_table_mut().unwrap().insert("queue".into(), queue);
    });
    assert_refused(&other_queue, "the registry's queue");
    let unbound = staff_api_problems_after("staging", |r, _| {
        r["env"]["staging"].as_table_mut().unwrap().remove("services");
    });
    assert_refused(&unbound, "binds no worker national-registry-staff-api-staging");
    let previews_unbound = staff_api_problems_after("preview", |r, _| {
        previews_of(r).remove("services");
    });
    assert_refused(&previews_unbound, "binds no worker national-registry-staff-api-preview");
    let lost_emails = staff_api_problems_after("preview", |_, s| {
        s["env"]["preview"].as_table_mut().unwrap().remove("vars");
    });
    assert_refused(&lost_emails, "its emails would be lost");
    let consumer = staff_api_problems_after("production", |_, s| {
        let mut consumer = Table::new();
        consumer.insert("queue".into(), Value::String("national-registry-production-emails".into()));
        s["env"]["production"]["queues"]
            .as_table_mut()
            .unwrap()
            .insert("consumers".into(), Value::Array(vec![Value::Table(consumer)]));
    });
    assert_refused(&consumer, "consumes a queue");
    let renamed = staff_api_problems_after("production", |_, s| {
        let name = Value::String("national-registry-production".into());
        s["env"]["production"].as_table_mut().unwrap().insert("name".into(), name);
    });
    assert_refused(&renamed, "sets `name`");
    let other_runtime = staff_api_problems_after("staging", |_, s| {
        s.insert("compatibility_date".into(), Value::String("2024-01-01".into()));
    });
    assert_refused(&other_runtime, "compatibility_date is not wrangler.toml's");
    let other_kv = staff_api_problems_after("staging", |_, s| {
        let id = Value::String("0000000000000000000000000000000b".into());
        s["env"]["staging"]["kv_namespaces"][0].as_table_mut().unwrap().insert("id".into(), id);
    });
    assert_refused(&other_kv, "the registry's KV namespace");
    let with_vars = staff_api_problems_after("production", |_, s| {
        let mut vars = Table::new();
        vars.insert("STAFF_ACCESS_ISSUER".into(), Value::String(String::new()));
        s["env"]["production"].as_table_mut().unwrap().insert("vars".into(), Value::Table(vars));
    });
    assert_refused(&with_vars, "has vars");
    let logless = staff_api_problems_after("production", |_, s| {
        s["env"]["production"].as_table_mut().unwrap().remove("observability");
    });
    assert_refused(&logless, "no [observability]");
}
