//! The dev mailbox: in local runs, the emails the registry sent, with their
//! links working. The worker has no mailbox in staging or production, and
//! this page then says so.

use domain::api::SentEmail;
use leptos::prelude::*;

use crate::api;
use crate::components::Page;

/// A line of an email's text, with its web addresses made into links. They load
/// their page in full (`rel="external"`), as from a mail program: some are the
/// worker's routes (`/auth/login`), not the app's.
fn linked_line(line: &str) -> impl IntoView {
    line.split(' ')
        .map(|word| {
            if word.starts_with("https://") || word.starts_with("http://") {
                view! { <a class="usa-link" href=word.to_owned() rel="external">{word.to_owned()}</a> " " }.into_any()
            } else {
                format!("{word} ").into_any()
            }
        })
        .collect_view()
}

#[component]
fn Email(email: SentEmail) -> impl IntoView {
    let heading_id = format!("email-{}", email.id);
    let labelled_by = heading_id.clone();
    view! {
        <article class="usa-summary-box registry-email" aria-labelledby=labelled_by>
            <div class="usa-summary-box__body">
                <h2 class="usa-summary-box__heading" id=heading_id>{email.subject.clone()}</h2>
                <p>"To " {email.to_address.clone()} ", sent " {email.sent_at.clone().unwrap_or_default()}</p>
                <div class="usa-summary-box__text">
                    {email.text_body.lines().skip(1).filter(|l| !l.is_empty()).map(|l| view! { <p>{linked_line(l)}</p> }).collect_view()}
                </div>
            </div>
        </article>
    }
}

#[component]
pub fn DevMailbox() -> impl IntoView {
    let emails = LocalResource::new(api::sent_emails);
    view! {
        <Page title="Dev mailbox">
            <div class="usa-alert usa-alert--warning" role="region" aria-label="About this page">
                <div class="usa-alert__body">
                    <p class="usa-alert__text">"For local development only: the emails the registry sent, newest first. Staging and production have no such page."</p>
                </div>
            </div>
            <Suspense fallback=|| view! { <p>"Loading the mailbox…"</p> }>
                {move || emails.get().map(|answer| match answer {
                    Ok(list) if list.is_empty() => view! { <p>"No email has been sent yet."</p> }.into_any(),
                    Ok(list) => list.into_iter().map(|email| view! { <Email email /> }).collect_view().into_any(),
                    Err(_) => view! { <p>"There is no dev mailbox here."</p> }.into_any(),
                })}
            </Suspense>
        </Page>
    }
}
