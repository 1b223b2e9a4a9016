//! One examiner's registry account, as someone who works for them reads it:
//! read-only, while the examiner's approval holds (the registry checks it at
//! each request), and always saying whom they are working for.

use domain::grant::ExaminerRecord;
use domain::routes;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::{self, ApiFailure};
use crate::components::{local_time, ErrorNotice, Link, Page};

#[component]
pub fn WorkForExaminer() -> impl IntoView {
    let params = use_params_map();
    let grant_id = move || params.with(|p| p.get("grant").and_then(|id| id.parse::<i64>().ok()));
    let record = LocalResource::new(move || {
        let grant_id = grant_id();
        async move {
            match grant_id {
                Some(grant_id) => api::examiner_record(grant_id).await,
                None => Err(ApiFailure::Refused(NO_ACCESS.into())),
            }
        }
    });
    view! {
        <Page title="Working for an examiner">
            <Suspense fallback=|| view! { <p>"Loading the examiner's account…"</p> }>
                {move || record.get().map(|answer| match answer {
                    Ok(record) => view! { <Record record /> }.into_any(),
                    Err(ApiFailure::NotSignedIn) => view! {
                        <p>"Your session has ended. " <a class="usa-link" href=routes::WORK_FOR_LOGIN rel="external">"Sign in again"</a> "."</p>
                    }.into_any(),
                    Err(ApiFailure::Unreachable) => view! { <ErrorNotice message=ApiFailure::Unreachable.message() /> }.into_any(),
                    Err(_) => view! { <ErrorNotice message=NO_ACCESS.to_owned() /> }.into_any(),
                })}
            </Suspense>
            <p><Link href=routes::WORK_FOR>"Examiners you work for"</Link></p>
        </Page>
    }
}

const NO_ACCESS: &str = "You do not have access to this examiner's account: the examiner has not approved it, or \
     revoked it, or it expired. Ask them again from Examiners you work for.";

fn row(term: &'static str, value: Option<String>) -> impl IntoView {
    view! {
        <div class="registry-account__row">
            <dt>{term}</dt>
            <dd>{value.unwrap_or_else(|| "Not on file".to_owned())}</dd>
        </div>
    }
}

#[component]
fn Record(record: ExaminerRecord) -> impl IntoView {
    let working_for =
        format!("You are working for {} ({}) as a {}.", record.name, record.registry_number, record.role.label());
    let until = record.expires_at.as_deref().map(local_time::moment);
    view! {
        <div class="usa-alert usa-alert--info" role="region" aria-label="Whom you are working for">
            <div class="usa-alert__body">
                <p class="usa-alert__text">{working_for} " " {until.map(|until| format!("Your access lasts until {until}."))}</p>
            </div>
        </div>
        <h2>"Their National Registry information"</h2>
        <dl class="registry-account">
            {row("Name", Some(record.name))}
            {row("National Registry number", Some(record.registry_number.to_string()))}
            {row("Professional license number", record.license_number)}
            {row("State that issued the license", record.license_state)}
            {row("Certification issued", record.certification_issued.as_deref().map(local_time::day))}
            {row("Certification expires", record.certification_expires.as_deref().map(local_time::day))}
        </dl>
        <p>"Only the examiner can change this information, their emails or their login.gov account."</p>
    }
}
