//! The staff pages' way in: to login.gov, where the card is asked for; and
//! a staff page's signed-in part, drawn once the staff session is read.

use domain::routes;
use domain::staff::SignedInStaff;
use leptos::prelude::*;

use super::{ErrorNotice, SessionTimeout};
use crate::api::{self, ApiFailure, SessionOf};

#[component]
pub fn StaffSignInButton() -> impl IntoView {
    view! { <p><a class="usa-button" href=routes::STAFF_LOGIN rel="external">"Sign in with login.gov"</a></p> }
}

/// Signed in: the session's timeout warning and what `signed_in` draws for
/// the member; otherwise the way in, or what went wrong.
#[component]
pub fn StaffSession<V: IntoView + 'static>(
    signed_in: impl Fn(SignedInStaff) -> V + Send + Sync + 'static,
) -> impl IntoView {
    let session = LocalResource::new(api::staff_session);
    view! {
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || session.get().map(|answer| match answer {
                Ok(staff) => view! {
                    <SessionTimeout of=SessionOf::Staff time=staff.session csrf_token=staff.csrf_token.clone() />
                    {signed_in(staff)}
                }.into_any(),
                Err(ApiFailure::NotSignedIn) => view! { <StaffSignInButton /> }.into_any(),
                Err(failure) => view! { <ErrorNotice message=failure.message() /> }.into_any(),
            })}
        </Suspense>
    }
}
