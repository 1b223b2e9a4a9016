//! What the two email forms (the shared-email fix, My account's change) do on
//! submit: check in the browser with the shared parser — each error next to
//! its field, the focus on the first —, then send once, and show what the
//! registry answered.

use std::future::Future;

use domain::api::Notice;
use domain::transfer::FieldErrors;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::focus_first_error;
use crate::api::ApiFailure;

/// The state of a form that sends one request and shows its answer.
#[derive(Clone, Copy)]
pub struct FormState {
    pub errors: RwSignal<FieldErrors>,
    /// A refusal that is not a field's (network, rate limit…).
    pub failure: RwSignal<Option<String>>,
    /// The registry's answer once sent.
    pub sent: RwSignal<Option<String>>,
    pub pending: RwSignal<bool>,
}

impl FormState {
    pub fn new() -> Self {
        Self {
            errors: RwSignal::new(FieldErrors::default()),
            failure: RwSignal::new(None),
            sent: RwSignal::new(None),
            pending: RwSignal::new(false),
        }
    }

    /// `checked`: the form's mistakes found in the browser; `send` runs only when there are none.
    pub fn submit<Sending>(self, checked: FieldErrors, send: impl FnOnce() -> Sending)
    where
        Sending: Future<Output = Result<Notice, ApiFailure>> + 'static,
    {
        if self.pending.get_untracked() {
            return;
        }
        self.failure.set(None);
        focus_first_error(&checked);
        let ready = checked.is_empty();
        self.errors.set(checked);
        if !ready {
            return;
        }
        self.pending.set(true);
        let sending = send();
        spawn_local(async move {
            match sending.await {
                Ok(notice) => self.sent.set(Some(notice.message)),
                Err(ApiFailure::Fields(found)) => {
                    focus_first_error(&found);
                    self.errors.set(found);
                }
                Err(other) => self.failure.set(Some(other.message())),
            }
            self.pending.set(false);
        });
    }
}
