//! The transfer deadline on the examiners' pages (`domain::deadline`): asked
//! of the registry once a visit, since each environment sets its own. A USWDS
//! site alert above the header in its last 30 days and after it; the plain
//! sentence on the home and sign-in pages while it is ahead.

use leptos::prelude::*;

use super::TheHelpDesk;
use crate::api;
use domain::deadline::{DeadlineNotice, DeadlineStage};

/// Where the deadline stands, once the registry has said (shared by the alert and the pages).
#[derive(Debug, Clone, Copy)]
pub struct DeadlineHere(RwSignal<Option<DeadlineNotice>>);

/// Asks the registry once, in the browser; the pages drawn at build time have no alert.
pub fn provide_deadline() {
    let notice = RwSignal::new(None);
    provide_context(DeadlineHere(notice));
    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            // No answer, no alert: the pages say nothing rather than something wrong.
            if let Some(answer) = api::deadline().await {
                notice.set(Some(answer));
            }
        });
    });
}

fn notice() -> Option<DeadlineNotice> {
    use_context::<DeadlineHere>().and_then(|DeadlineHere(notice)| notice.get())
}

/// Every examiner's page, above the header: the last days, and after the date what it means.
#[component]
pub fn DeadlineSiteAlert() -> impl IntoView {
    move || {
        let notice = notice()?;
        let (heading, words) = notice.site_alert()?;
        let passed = notice.stage == DeadlineStage::Passed;
        let class =
            if passed { "usa-site-alert usa-site-alert--emergency" } else { "usa-site-alert usa-site-alert--info" };
        Some(view! {
            <section class=class aria-label="Transfer deadline">
                <div class="usa-alert">
                    <div class="usa-alert__body">
                        <h2 class="usa-alert__heading">{heading}</h2>
                        <p class="usa-alert__text">
                            {words}
                            {passed.then(|| view! { " Questions: contact " <TheHelpDesk /> "." })}
                        </p>
                    </div>
                </div>
            </section>
        })
    }
}

/// The sentence of the home and sign-in pages while the deadline is ahead.
#[component]
pub fn DeadlineReminder() -> impl IntoView {
    move || {
        let notice = notice()?;
        (notice.stage != DeadlineStage::Passed).then(|| {
            view! {
                <p>
                    <strong>{format!("Transfer your account by {}.", notice.last_day_words)}</strong>
                </p>
            }
        })
    }
}
