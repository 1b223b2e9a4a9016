//! The warning before an idle sign-out, on every signed-in page (WCAG 2.2.1,
//! Timing Adjustable): a modal dialog some time before the session ends (the
//! worker says when, `SessionTime`), the time left counted down and announced
//! to screen readers, "Stay signed in" (the session renewed) and "Sign out".
//! A native `<dialog>` opened with `showModal()` keeps focus inside it and the
//! page behind it inert. When the time is up, the registry is asked once more,
//! without renewing anything (another tab may have kept the session); if none
//! is left the person is taken to the sign-in page, which says why.
//! Not yet followed: this page's own requests (which renew the session on the
//! server), and a computer's sleep (the page's clock stops with it).

use domain::session::SessionTime;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

use crate::api::{self, ApiFailure, SessionOf};

const HEADING_ID: &str = "session-timeout-heading";
const DESCRIPTION_ID: &str = "session-timeout-description";
/// The registry is asked this long after the time is up here, so that its
/// clock has ended the session too: asked earlier, the question would renew it.
const GRACE_MS: f64 = 2000.0;

/// Milliseconds on the page's monotonic clock.
fn now_ms() -> f64 {
    window().performance().map_or(0.0, |p| p.now())
}

/// "1:59".
fn minutes_and_seconds(seconds: i64) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// What a screen reader is told, at the opening and at a few moments after.
fn announcement(seconds: i64) -> Option<String> {
    match seconds {
        120 | 90 | 60 | 30 | 10 => Some(format!("You will be signed out in {seconds} seconds.")),
        _ => None,
    }
}

#[component]
pub fn SessionTimeout(of: SessionOf, time: SessionTime, csrf_token: String) -> impl IntoView {
    let dialog = NodeRef::<html::Dialog>::new();
    let stay_button = NodeRef::<html::Button>::new();
    // When the session ends and when to warn, on the page's clock.
    let ends_at = StoredValue::new(0.0);
    let warn_before = StoredValue::new(0.0);
    let seconds_left = RwSignal::new(time.ends_in_seconds);
    let open = RwSignal::new(false);
    let said = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<String>);
    let checking = StoredValue::new(false);

    let schedule = move |time: SessionTime| {
        ends_at.set_value(now_ms() + time.ends_in_seconds as f64 * 1000.0);
        warn_before.set_value(time.warning_seconds as f64 * 1000.0);
    };
    schedule(time);
    let close = move || {
        open.set(false);
        said.set(String::new());
        if let Some(dialog) = dialog.get_untracked() {
            dialog.close();
        }
    };
    let show = move || {
        open.set(true);
        failure.set(None);
        if let Some(dialog) = dialog.get_untracked() {
            if dialog.show_modal().is_ok() {
                if let Some(button) = stay_button.get_untracked() {
                    let _ = button.focus();
                }
            }
        }
    };
    let signed_out = move || {
        let _ = window().location().assign(&of.signed_out_for_inactivity());
    };

    // Time's up here: the registry decides (another tab may have used the session).
    let time_is_up = move || {
        checking.set_value(true);
        spawn_local(async move {
            match api::session_time(of).await {
                Ok(time) if time.ends_in_seconds > 0 => {
                    schedule(time);
                    if time.ends_in_seconds > time.warning_seconds {
                        close();
                    }
                }
                _ => signed_out(),
            }
            checking.set_value(false);
        });
    };

    let tick = move || {
        if checking.get_value() {
            return;
        }
        let left_ms = ends_at.get_value() - now_ms();
        let left = (left_ms / 1000.0).ceil().max(0.0) as i64;
        seconds_left.set(left);
        if left_ms <= warn_before.get_value() && !open.get_untracked() {
            show();
        }
        if open.get_untracked() {
            if let Some(words) = announcement(left) {
                said.set(words);
            }
        }
        if left_ms <= -GRACE_MS {
            time_is_up();
        }
    };
    if let Ok(handle) = set_interval_with_handle(tick, Duration::from_secs(1)) {
        on_cleanup(move || handle.clear());
    }

    let sign_out_token = csrf_token.clone();
    let stay = move || {
        let csrf_token = csrf_token.clone();
        spawn_local(async move {
            match api::keep_session(of, csrf_token).await {
                Ok(time) => {
                    schedule(time);
                    close();
                }
                Err(ApiFailure::NotSignedIn) => signed_out(),
                Err(other) => failure.set(Some(other.message())),
            }
        });
    };
    let stay_on_escape = stay.clone();

    view! {
        // Outside the dialog, so that it is in the page before its first words: read out as they change.
        <p class="usa-sr-only" aria-live="assertive">{move || said.get()}</p>
        <dialog node_ref=dialog class="usa-modal registry-session-timeout" aria-labelledby=HEADING_ID aria-describedby=DESCRIPTION_ID
            // Escape is a sign of life too: the person stays signed in.
            on:cancel=move |ev: leptos::ev::Event| { ev.prevent_default(); stay_on_escape(); }>
            <div class="usa-modal__content">
                <div class="usa-modal__main">
                    <h2 class="usa-modal__heading" id=HEADING_ID>"Your session is about to end"</h2>
                    <div class="usa-prose">
                        <p id=DESCRIPTION_ID>
                            "You have not used the National Registry for a while. For your security, you will be signed out in "
                            <span role="timer">{move || minutes_and_seconds(seconds_left.get())}</span>
                            ". Select Stay signed in to keep working."
                        </p>
                        {move || failure.get().map(|message| view! { <p class="usa-error-message">{message}</p> })}
                    </div>
                    <div class="usa-modal__footer">
                        <ul class="usa-button-group">
                            <li class="usa-button-group__item">
                                <button node_ref=stay_button type="button" class="usa-button" on:click=move |_| stay()>"Stay signed in"</button>
                            </li>
                            <li class="usa-button-group__item">
                                <form method="post" action=of.sign_out()>
                                    <input type="hidden" name="csrf_token" value=sign_out_token />
                                    <button type="submit" class="usa-button usa-button--outline">"Sign out"</button>
                                </form>
                            </li>
                        </ul>
                    </div>
                </div>
            </div>
        </dialog>
    }
}

/// On the page an idle sign-out leads to (`?signed_out=idle`): why the person is signed out.
#[component]
pub fn IdleSignOutNotice() -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    let (name, value) = domain::routes::SIGNED_OUT_IDLE.split_once('=').unwrap_or_default();
    let idle = query.with_untracked(|q| q.get(name).as_deref() == Some(value));
    idle.then(|| {
        view! {
            <div class="usa-alert usa-alert--info" role="status">
                <div class="usa-alert__body">
                    <h2 class="usa-alert__heading">"You were signed out"</h2>
                    <p class="usa-alert__text">
                        "For your security, you were signed out after a time without activity. Sign in again to continue."
                    </p>
                </div>
            </div>
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_time_left_reads_as_minutes_and_seconds() {
        assert_eq!(minutes_and_seconds(120), "2:00");
        assert_eq!(minutes_and_seconds(119), "1:59");
        assert_eq!(minutes_and_seconds(9), "0:09");
        assert_eq!(minutes_and_seconds(0), "0:00");
    }

    #[test]
    fn a_screen_reader_is_told_at_the_opening_and_a_few_moments_after_not_every_second() {
        let told: Vec<i64> = (0..=120).rev().filter(|seconds| announcement(*seconds).is_some()).collect();
        assert_eq!(told, [120, 90, 60, 30, 10]);
        assert_eq!(announcement(30).as_deref(), Some("You will be signed out in 30 seconds."));
    }
}
