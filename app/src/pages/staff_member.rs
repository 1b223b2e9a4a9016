//! `/staff/members/:id`: a staff member's page, for administrators — who they
//! are on the staff list, and what they did, newest first: every search,
//! account opened, download and change the audit names them for.

use domain::routes;
use domain::staff::{StaffActivity, StaffMemberActivity};
use leptos::prelude::*;
use leptos::Params;
use leptos_router::components::A;
use leptos_router::hooks::use_params;
use leptos_router::params::Params;

use crate::api::{self, ApiFailure, SessionOf};
use crate::components::{local_time, ErrorNotice, Link, Page, SessionTimeout, StaffSignInButton};

#[derive(Params, Clone, PartialEq)]
struct MemberAddress {
    id: i64,
}

#[component]
pub fn StaffMember() -> impl IntoView {
    let id = use_params::<MemberAddress>().get_untracked().map_or(0, |m| m.id);
    let session = LocalResource::new(api::staff_session);
    let activity = LocalResource::new(move || api::staff_member(id));
    view! {
        <Page title="A staff member, and what they did">
            <p><Link href=routes::STAFF_MEMBERS>"Back to the staff list"</Link></p>
            <Suspense fallback=|| ()>
                {move || session.get().and_then(Result::ok).map(|staff| view! {
                    <SessionTimeout of=SessionOf::Staff time=staff.session csrf_token=staff.csrf_token />
                })}
            </Suspense>
            <Transition fallback=|| view! { <p>"Loading…"</p> }>
                {move || activity.get().map(|answer| match answer {
                    Ok(activity) => view! { <Activity activity /> }.into_any(),
                    Err(ApiFailure::NotSignedIn) => view! { <StaffSignInButton /> }.into_any(),
                    Err(failure) => view! { <ErrorNotice message=failure.message() /> }.into_any(),
                })}
            </Transition>
        </Page>
    }
}

#[component]
fn Activity(activity: StaffMemberActivity) -> impl IntoView {
    let StaffMemberActivity { member, events } = activity;
    view! {
        <h2>{member.email}</h2>
        <dl class="registry-account">
            <div class="registry-account__row"><dt>"Role"</dt><dd>{member.role.label()}</dd></div>
            <div class="registry-account__row"><dt>"On the list since"</dt><dd>{member.added_at}</dd></div>
        </dl>
        {if events.is_empty() {
            view! { <p>"Nothing yet."</p> }.into_any()
        } else {
            view! {
                <table class="usa-table usa-table--stacked">
                    <caption>"What they did, newest first (the last 200)"</caption>
                    <thead><tr>
                        <th scope="col">"When"</th><th scope="col">"What"</th>
                        <th scope="col">"Account"</th><th scope="col">"Detail"</th>
                    </tr></thead>
                    <tbody>{events.into_iter().map(|event| view! { <ActivityRow event /> }).collect_view()}</tbody>
                </table>
            }
            .into_any()
        }}
    }
}

#[component]
fn ActivityRow(event: StaffActivity) -> impl IntoView {
    let StaffActivity { occurred_at, event, account_id, registry_number, detail } = event;
    let account = match (account_id, registry_number) {
        (Some(id), Some(number)) => {
            view! { <A href=routes::STAFF_ACCOUNT.with(&id.to_string())>{number}</A> }.into_any()
        }
        _ => ().into_any(),
    };
    view! {
        <tr>
            <th scope="row" data-label="When"><time datetime=occurred_at.clone()>{local_time::moment(&occurred_at)}</time></th>
            <td data-label="What">{event.words()}</td>
            <td data-label="Account">{account}</td>
            <td data-label="Detail">{detail.unwrap_or_default()}</td>
        </tr>
    }
}
