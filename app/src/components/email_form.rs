//! What the two email forms (the shared-email fix, My account's change) do on
//! submit: check in the browser with the shared parser — each error next to
//! its field, the focus on the first —, then send once (a Leptos action), and
//! show what the registry answered.

use std::future::Future;

use domain::api::Notice;
use domain::form::{FieldErrors, FormField};
use leptos::prelude::*;

use super::focus_first_error;
use crate::api::ApiFailure;

/// What the registry refused: mistakes of this form's fields next to them
/// (the focus on the first), anything else in `failure`, above the form.
pub fn show_refusal<F: FormField>(
    refusal: ApiFailure,
    errors: RwSignal<FieldErrors<F>>,
    failure: RwSignal<Option<String>>,
) {
    let found = match &refusal {
        ApiFailure::Fields(messages) => FieldErrors::from_messages(messages),
        _ => FieldErrors::default(),
    };
    if found.is_empty() {
        failure.set(Some(refusal.message()));
    } else {
        focus_first_error(&found);
        errors.set(found);
    }
}

/// The state of a form of fields `F` that sends an `I` and shows the answer.
pub struct FormState<F: FormField, I: 'static> {
    pub errors: RwSignal<FieldErrors<F>>,
    /// A refusal that is not a field's (network, rate limit…).
    pub failure: RwSignal<Option<String>>,
    /// The registry's answer once sent.
    pub sent: RwSignal<Option<String>>,
    sending: Action<I, ()>,
}

impl<F: FormField, I: 'static> Clone for FormState<F, I> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<F: FormField, I: 'static> Copy for FormState<F, I> {}

impl<F: FormField, I: 'static> FormState<F, I> {
    /// `send`: the call to the registry.
    pub fn new<Sending>(send: impl Fn(&I) -> Sending + 'static) -> Self
    where
        Sending: Future<Output = Result<Notice, ApiFailure>> + 'static,
    {
        let errors = RwSignal::new(FieldErrors::default());
        let failure = RwSignal::new(None);
        let sent = RwSignal::new(None);
        let sending = Action::new_local(move |input: &I| {
            let answer = send(input);
            async move {
                match answer.await {
                    Ok(notice) => sent.set(Some(notice.message)),
                    Err(refusal) => show_refusal(refusal, errors, failure),
                }
            }
        });
        Self { errors, failure, sent, sending }
    }

    /// As [`Self::new`], then `reload`: what the page shows is read again, whatever the answer.
    pub fn then_reload<Sending>(send: impl Fn(&I) -> Sending + 'static, reload: impl Fn() + Copy + 'static) -> Self
    where
        Sending: Future<Output = Result<Notice, ApiFailure>> + 'static,
    {
        Self::new(move |input: &I| {
            let sending = send(input);
            async move {
                let answer = sending.await;
                reload();
                answer
            }
        })
    }

    /// While the form is being sent.
    pub fn pending(self) -> Memo<bool> {
        self.sending.pending()
    }

    /// `checked`: the form's mistakes found in the browser; the form is sent
    /// only when there are none, and not again while it is being sent.
    pub fn submit(self, checked: FieldErrors<F>, input: I) {
        if self.sending.pending().get_untracked() {
            return;
        }
        self.failure.set(None);
        focus_first_error(&checked);
        let ready = checked.is_empty();
        self.errors.set(checked);
        if ready {
            self.sending.dispatch_local(input);
        }
    }
}
