//! `/staff/campaigns/{id}`: one reminder campaign — whom it writes to and how
//! many they are, three of its emails as they will be written (to real people
//! of its audience), approval by an administrator who did not compose it, its
//! progress while it sends or its emails wait (read again every 5 seconds), pause, resume,
//! cancel, and its effect.

use domain::campaign::{CampaignChange, CampaignPage, CampaignState, ReminderExample};
use domain::routes;
use domain::staff::{Role, SignedInStaff};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::{self, ApiFailure, SessionOf};
use crate::components::{local_time, ErrorNotice, Link, Page, SessionTimeout, StaffSignInButton, SuccessNotice};

/// How often a sending campaign's page reads its progress again.
const PROGRESS_EVERY_MS: u32 = 5_000;

#[component]
pub fn StaffCampaign() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or(0));
    let session = LocalResource::new(api::staff_session);
    let page = LocalResource::new(move || api::campaign(id()));
    // The answer to a change, kept above the campaign, which is drawn again when read again.
    let notice = RwSignal::new(None::<Result<String, String>>);
    // While it sends, the figures move: read them again (in the browser only).
    Effect::new(move |_| {
        let read_again = move || {
            let moving = page.get_untracked().and_then(Result::ok).is_some_and(|p| p.campaign.is_moving());
            if moving {
                page.refetch();
            }
        };
        if let Ok(handle) =
            set_interval_with_handle(read_again, std::time::Duration::from_millis(PROGRESS_EVERY_MS.into()))
        {
            on_cleanup(move || handle.clear());
        }
    });
    view! {
        <Page title="A reminder campaign">
            <p><Link href=routes::STAFF_CAMPAIGNS>"Back to the campaigns"</Link></p>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || match (session.get(), page.get()) {
                    (Some(Err(ApiFailure::NotSignedIn)), _) | (_, Some(Err(ApiFailure::NotSignedIn))) => {
                        view! { <StaffSignInButton /> }.into_any()
                    }
                    (_, Some(Err(failure))) | (Some(Err(failure)), _) => {
                        view! { <ErrorNotice message=failure.message() /> }.into_any()
                    }
                    (Some(Ok(staff)), Some(Ok(campaign))) => view! {
                        <SessionTimeout of=SessionOf::Staff time=staff.session csrf_token=staff.csrf_token.clone() />
                        <Campaign page=campaign staff notice reload=move || page.refetch() />
                    }.into_any(),
                    _ => ().into_any(),
                }}
            </Suspense>
        </Page>
    }
}

#[component]
fn Campaign(
    page: CampaignPage,
    staff: SignedInStaff,
    notice: RwSignal<Option<Result<String, String>>>,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let CampaignPage { campaign: c, examples } = page;
    let id = c.id;
    let csrf_token = staff.csrf_token.clone();
    let changing = Action::new_local(move |change: &CampaignChange| {
        let sending = api::change_campaign(csrf_token.clone(), id, *change);
        async move {
            notice.set(Some(sending.await.map(|n| n.message).map_err(|failure| failure.message())));
            reload();
        }
    });
    // What this member may do to it now: approving is an administrator's, and not its author's.
    let mine = c.composed_by == staff.email;
    let changes: Vec<CampaignChange> = CampaignChange::ALL
        .into_iter()
        .filter(|change| c.state.after(*change).is_some())
        .filter(|change| *change != CampaignChange::Approve || (staff.role == Role::Admin && !mine))
        .collect();
    let waiting_for_another = c.state == CampaignState::Draft && (staff.role != Role::Admin || mine);
    let p = c.progress;
    let windows = |counts: [i64; 3]| format!("{} / {} / {}", counts[0], counts[1], counts[2]);
    view! {
        <h2>{c.name.clone()}</h2>
        {move || notice.get().map(|answer| match answer {
            Ok(message) => view! { <SuccessNotice message /> }.into_any(),
            Err(message) => view! { <ErrorNotice message /> }.into_any(),
        })}
        <dl class="registry-account">
            {row("Where it is", c.state.label().to_owned())}
            {row("Writes to", c.audience.in_words())}
            {row(
                if c.state == CampaignState::Draft { "How many they are today" } else { "How many they were when approved" },
                c.audience_size.to_string(),
            )}
            {row("Starts", local_time::moment(&c.starts_at))}
            {row("Composed by", format!("{} on {}", c.composed_by, local_time::moment(&c.created_at)))}
            {row("Approved by", match (&c.approved_by, &c.approved_at) {
                (Some(by), Some(at)) => format!("{by} on {}", local_time::moment(at)),
                _ => "Not yet".to_owned(),
            })}
        </dl>
        {waiting_for_another.then(|| view! {
            <p>"It sends nothing until an administrator who did not compose it approves it."</p>
        })}
        {(!changes.is_empty()).then(|| view! {
            <ul class="usa-button-group">
                {changes.into_iter().map(|change| view! {
                    <li class="usa-button-group__item">
                        <button type="button"
                            class=if change == CampaignChange::Cancel { "usa-button usa-button--secondary" } else { "usa-button" }
                            on:click=move |_| { changing.dispatch_local(change); }>{change.label()}</button>
                    </li>
                }).collect_view()}
            </ul>
        })}
        <h3>"Progress"</h3>
        {one_row("The campaign's emails", [
            ("Written", p.queued.to_string()),
            ("Sent", p.sent.to_string()),
            ("Given up on", p.failed.to_string()),
            ("Skipped: moved on before it was sent", p.skipped.to_string()),
        ])}
        <h3>"Effect"</h3>
        {one_row("Of the people written to: who moved on within 1, 7 and 30 days of their email", [
            ("Transferred", windows(c.effect.transferred)),
            ("Linked to login.gov", windows(c.effect.linked)),
            ("Visits by its link", c.effect.arrivals.to_string()),
        ])}
        <h3>"Its emails, as they will be written"</h3>
        {if examples.is_empty() {
            view! { <p>"Nobody is in its audience now."</p> }.into_any()
        } else {
            examples.into_iter().map(|ReminderExample { to, subject, text }| view! {
                <div class="usa-summary-box margin-bottom-2">
                    <p class="usa-summary-box__heading">{format!("To {to}: {subject}")}</p>
                    <div class="registry-email">
                        {text.split("\n\n").map(|paragraph| view! { <p>{paragraph.to_owned()}</p> }).collect_view()}
                    </div>
                </div>
            }).collect_view().into_any()
        }}
    }
}

fn row(label: &'static str, value: String) -> impl IntoView {
    view! { <div class="registry-account__row"><dt>{label}</dt><dd>{value}</dd></div> }
}

/// A table of one row, stacked on a phone: each column's heading and its figure.
fn one_row<const N: usize>(caption: &'static str, columns: [(&'static str, String); N]) -> impl IntoView {
    let (headings, figures): (Vec<_>, Vec<_>) = columns
        .into_iter()
        .map(|(heading, figure)| {
            (view! { <th scope="col">{heading}</th> }, view! { <td data-label=heading>{figure}</td> })
        })
        .unzip();
    view! {
        <table class="usa-table usa-table--stacked">
            <caption>{caption}</caption>
            <thead><tr>{headings}</tr></thead>
            <tbody><tr>{figures}</tr></tbody>
        </table>
    }
}
