//! `/staff`: the staff side's door. Signed out, how to sign in (login.gov and
//! a PIV or CAC card); signed in, what the role reaches: the help desk's
//! search, the program office's funnel, and signing out.

use domain::routes;
use domain::staff::{AccountSummary, SignedInStaff, StaffWork};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{self, ApiFailure, SessionOf};
use crate::components::{ErrorNotice, IdleSignOutNotice, Link, Page, SessionTimeout, StaffSignInButton};

#[component]
pub fn StaffHome() -> impl IntoView {
    let session = LocalResource::new(api::staff_session);
    view! {
        <Page title="National Registry staff">
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || session.get().map(|answer| match answer {
                    Ok(staff) => view! { <Desk staff /> }.into_any(),
                    Err(ApiFailure::NotSignedIn) => view! { <StaffSignIn /> }.into_any(),
                    Err(failure) => view! { <ErrorNotice message=failure.message() /> }.into_any(),
                })}
            </Suspense>
        </Page>
    }
}

#[component]
fn StaffSignIn() -> impl IntoView {
    view! {
        <IdleSignOutNotice />
        <p class="usa-intro">"For the FMCSA help desk and the program office."</p>
        <p>"Sign in with login.gov and your PIV or CAC card. Your login.gov account must use the email address an administrator put on the staff list."</p>
        <StaffSignInButton />
    }
}

#[component]
fn Desk(staff: SignedInStaff) -> impl IntoView {
    let SignedInStaff { email, role, csrf_token, session } = staff;
    view! {
        <SessionTimeout of=SessionOf::Staff time=session csrf_token=csrf_token.clone() />
        <p>{format!("Signed in as {email} ({}).", role.label())}</p>
        {role.may(StaffWork::Accounts).then(|| view! { <Search /> })}
        {role.may(StaffWork::Funnel).then(|| view! {
            <h2>"The migration"</h2>
            <p><Link href=routes::STAFF_FUNNEL>"The migration funnel, per day"</Link></p>
        })}
        {role.may(StaffWork::Campaigns).then(|| view! {
            <p><Link href=routes::STAFF_CAMPAIGNS>"Reminder campaigns to those who have not moved"</Link></p>
        })}
        {role.may(StaffWork::Staff).then(|| view! {
            <h2>"The staff"</h2>
            <p><Link href=routes::STAFF_MEMBERS>"The staff list"</Link></p>
        })}
        <h2>"Sign out"</h2>
        <form method="post" action=routes::STAFF_LOGOUT>
            <input type="hidden" name="csrf_token" value=csrf_token />
            <button type="submit" class="usa-button usa-button--outline">"Sign out"</button>
        </form>
    }
}

/// The help desk's search: one box, what was typed decides how (AccountSearch).
#[component]
fn Search() -> impl IntoView {
    let typed = RwSignal::new(String::new());
    let searching = Action::new_local(|typed: &String| api::search_accounts(typed.clone()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        searching.dispatch_local(typed.get_untracked());
    };
    view! {
        <h2>"Find an account"</h2>
        <form class="usa-form usa-form--large" role="search" on:submit=submit>
            <div class="usa-form-group">
                <label class="usa-label" for="staff-search">"National Registry number, email address, or last name"</label>
                <div class="usa-hint" id="staff-search-hint">"The start of an email address or a last name is enough: at least 2 letters."</div>
                <input class="usa-input" id="staff-search" name="q" type="search" aria-describedby="staff-search-hint"
                    prop:value=typed on:input=move |ev| typed.set(event_target_value(&ev)) />
            </div>
            <button class="usa-button" type="submit">"Search"</button>
        </form>
        {move || searching.value().get().map(|answer| match answer {
            Ok(found) => view! { <Results found /> }.into_any(),
            Err(failure) => view! { <ErrorNotice message=failure.message() /> }.into_any(),
        })}
    }
}

#[component]
fn Results(found: Vec<AccountSummary>) -> impl IntoView {
    if found.is_empty() {
        return view! { <p role="status">"No account found."</p> }.into_any();
    }
    let count = match found.len() {
        1 => "1 account found".to_owned(),
        n => format!("{n} accounts found"),
    };
    view! {
        <table class="usa-table usa-table--stacked">
            <caption>{count}</caption>
            <thead><tr>
                <th scope="col">"Name"</th><th scope="col">"National Registry number"</th>
                <th scope="col">"Account type"</th><th scope="col">"Primary email"</th><th scope="col">"Migration"</th>
            </tr></thead>
            <tbody>
                {found.into_iter().map(|a| view! {
                    <tr>
                        <th scope="row" data-label="Name">
                            <A href=routes::STAFF_ACCOUNT.with(&a.account_id.to_string())>{format!("{} {}", a.first_name, a.last_name)}</A>
                        </th>
                        <td data-label="National Registry number">{a.registry_number}</td>
                        <td data-label="Account type">{a.account_type.label()}</td>
                        <td data-label="Primary email">{a.primary_email}</td>
                        <td data-label="Migration">{a.migration_state.words()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
