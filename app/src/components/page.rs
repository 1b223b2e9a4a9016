//! The frame of every page: a section, the reading column, and the `<h1>`.
//! The heading also names the browser tab and, after a move from another
//! page, takes the focus, so a screen reader announces where the person has
//! arrived.

use std::sync::atomic::{AtomicBool, Ordering};

use leptos::html;
use leptos::prelude::*;

const SITE: &str = "National Registry of Certified Medical Examiners";

/// The first page of a visit leaves the focus where the browser put it.
static A_PAGE_WAS_SHOWN: AtomicBool = AtomicBool::new(false);

#[component]
pub fn Page(title: &'static str, children: Children) -> impl IntoView {
    view! {
        <div class="usa-section">
            <div class="grid-container usa-prose">
                <PageHeading text=title />
                {children()}
            </div>
        </div>
    }
}

/// What the browser tab says on the page whose heading is `heading`.
pub fn document_title(heading: &str) -> String {
    if heading == SITE {
        SITE.to_owned()
    } else {
        format!("{heading} | {SITE}")
    }
}

#[component]
fn PageHeading(text: &'static str) -> impl IntoView {
    let heading = NodeRef::<html::H1>::new();
    // Effects run in the browser only: the pages made at build time get their title from `document_title`.
    Effect::new(move |_| {
        document().set_title(&document_title(text));
        if let Some(h1) = heading.get() {
            if A_PAGE_WAS_SHOWN.swap(true, Ordering::Relaxed) {
                // Focus can only fail on a detached node; there is nothing to do then.
                let _ = h1.focus();
            }
        }
    });
    view! { <h1 node_ref=heading tabindex="-1">{text}</h1> }
}

/// When the help pages' words last changed: to be moved on with them.
const HELP_UPDATED: (&str, &str) = ("2026-12-04", "December 4, 2026");

/// The help pages' last line: when their words last changed.
#[component]
pub fn PageUpdated() -> impl IntoView {
    let (day, words) = HELP_UPDATED;
    view! { <p class="registry-updated">"Page last updated: " <time datetime=day>{words}</time></p> }
}
