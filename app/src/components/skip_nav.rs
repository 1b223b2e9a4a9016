//! The USWDS skip link. The router handles every link click on the page and
//! would only scroll, so this link moves the focus to the main content itself.

use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos::{ev, web_sys};

pub const MAIN_CONTENT_ID: &str = "main-content";

#[component]
pub fn SkipNav() -> impl IntoView {
    let skip = move |click: ev::MouseEvent| {
        let main = document().get_element_by_id(MAIN_CONTENT_ID).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(main) = main {
            click.prevent_default();
            // Focus can only fail on a detached node; the link then does nothing.
            let _ = main.focus();
        }
    };
    view! {
        <a class="usa-skipnav" href=format!("#{MAIN_CONTENT_ID}") on:click=skip>"Skip to main content"</a>
    }
}
