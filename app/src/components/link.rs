//! Links between pages. The app ships as four bundles (see `Part`): a link to
//! a page of the same bundle is followed by the router, a link to another
//! bundle's page loads it in full.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::Part;

#[component]
pub fn Link(href: &'static str, #[prop(optional)] class: &'static str, children: Children) -> impl IntoView {
    if Part::of(href) == Part::current() {
        view! { <A href=href attr:class=class>{children()}</A> }.into_any()
    } else {
        view! { <a href=href class=class rel="external">{children()}</a> }.into_any()
    }
}
