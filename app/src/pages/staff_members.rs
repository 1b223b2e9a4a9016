//! `/staff/members`: the staff list, for administrators — who may sign in at
//! /staff and with which role; adding a member (by the email of their
//! login.gov account) or giving them another role; removing one. Each change
//! is audited with the administrator who made it.

use domain::routes;
use domain::staff::{Role, SignedInStaff, StaffListEntry, StaffMemberField, StaffMemberForm};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api;
use crate::components::{ErrorNotice, ErrorSummary, FormState, Link, Page, StaffSession, SuccessNotice, TextField};

#[component]
pub fn StaffMembers() -> impl IntoView {
    let list = LocalResource::new(api::staff_list);
    let reload = move || list.refetch();
    let signed_in = move |staff: SignedInStaff| {
        let csrf_token = staff.csrf_token;
        view! {
            <AddMember csrf_token=csrf_token.clone() reload />
            <Transition fallback=|| ()>
                {move || list.get().map(|answer| match answer {
                    Ok(members) => view! { <Members members csrf_token=csrf_token.clone() reload /> }.into_any(),
                    Err(failure) => view! { <ErrorNotice message=failure.message() /> }.into_any(),
                })}
            </Transition>
        }
    };
    view! {
        <Page title="The staff list">
            <p><Link href=routes::STAFF>"Back to the staff page"</Link></p>
            <StaffSession signed_in />
        </Page>
    }
}

#[component]
fn AddMember(csrf_token: String, reload: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let form = RwSignal::new(StaffMemberForm { role: Role::HelpDesk.code().into(), ..StaffMemberForm::default() });
    let state = FormState::then_reload(
        move |form: &StaffMemberForm| api::add_staff_member(csrf_token.clone(), form.clone()),
        reload,
    );
    let FormState { errors, failure, sent, .. } = state;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        state.submit(form.with(StaffMemberForm::parse).err().unwrap_or_default(), form.get_untracked());
    };
    let label: fn(StaffMemberField) -> &'static str = |field| match field {
        StaffMemberField::Email => "Email address of their login.gov account",
        StaffMemberField::Role => "Role",
    };
    let email = Signal::derive(move || form.with(|f| f.email.clone()));
    view! {
        <h2>"Add a member, or change a member's role"</h2>
        <form class="usa-form usa-form--large" novalidate on:submit=submit>
            <ErrorSummary errors labels=label />
            {move || failure.get().map(|message| view! { <ErrorNotice message /> })}
            {move || sent.get().map(|message| view! { <SuccessNotice message /> })}
            <TextField field=StaffMemberField::Email label=label(StaffMemberField::Email) value=email input_type="email"
                on_input=Callback::new(move |text| form.update(|f| f.email = text)) errors />
            <label class="usa-label" for="field-role">{label(StaffMemberField::Role)}</label>
            <select class="usa-select" id="field-role" name="role" on:change=move |ev| form.update(|f| f.role = event_target_value(&ev))>
                {Role::ALL.map(|role| view! { <option value=role.code()>{role.label()}</option> }).collect_view()}
            </select>
            <button type="submit" class="usa-button">"Save"</button>
        </form>
    }
}

#[component]
fn Members(
    members: Vec<StaffListEntry>,
    csrf_token: String,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let failure = RwSignal::new(None::<String>);
    let removing = Action::new_local(move |staff_id: &i64| {
        let sending = api::remove_staff_member(csrf_token.clone(), *staff_id);
        async move {
            match sending.await {
                Ok(_) => reload(),
                Err(refusal) => failure.set(Some(refusal.message())),
            }
        }
    });
    view! {
        {move || failure.get().map(|message| view! { <ErrorNotice message /> })}
        <table class="usa-table usa-table--stacked">
            <caption>"The staff list"</caption>
            <thead><tr>
                <th scope="col">"Email"</th><th scope="col">"Role"</th><th scope="col">"Signed in once"</th>
                <th scope="col">"Added"</th><th scope="col"><span class="usa-sr-only">"Remove"</span></th>
            </tr></thead>
            <tbody>{members.into_iter().map(|m| {
                let remove_label = format!("Remove {}", m.email);
                view! {
                    <tr>
                        <th scope="row" data-label="Email">
                            <A href=routes::STAFF_MEMBER.with(&m.staff_id.to_string())>{m.email}</A>
                        </th>
                        <td data-label="Role">{m.role.label()}</td>
                        <td data-label="Signed in once">{if m.signed_in_once { "Yes" } else { "Not yet" }}</td>
                        <td data-label="Added">{m.added_at}</td>
                        <td data-label="Remove">
                            <button type="button" class="usa-button usa-button--unstyled" aria-label=remove_label
                                on:click=move |_| { removing.dispatch_local(m.staff_id); }>"Remove"</button>
                        </td>
                    </tr>
                }
            }).collect_view()}</tbody>
        </table>
    }
}
