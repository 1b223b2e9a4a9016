//! Links within the page. The router handles every link click and would only
//! scroll to `#id`; these move the focus there, as a person who cannot see the
//! page needs: the USWDS skip link, and the error summary's links to fields.

use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos::{ev, web_sys};

pub const MAIN_CONTENT_ID: &str = "main-content";

/// Moves the focus to the element with this id; false if there is none.
pub fn focus_element(id: &str) -> bool {
    let element = document().get_element_by_id(id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    // Focus can only fail on a detached node; then nothing moves.
    element.is_some_and(|element| element.focus().is_ok())
}

/// A link to `#target` that moves the focus there.
#[component]
pub fn InPageLink(target: String, #[prop(optional)] class: &'static str, children: Children) -> impl IntoView {
    let href = format!("#{target}");
    let follow = move |click: ev::MouseEvent| {
        if focus_element(&target) {
            click.prevent_default();
        }
    };
    view! { <a class=class href=href on:click=follow>{children()}</a> }
}

#[component]
pub fn SkipNav() -> impl IntoView {
    view! { <InPageLink target=MAIN_CONTENT_ID.to_owned() class="usa-skipnav">"Skip to main content"</InPageLink> }
}
