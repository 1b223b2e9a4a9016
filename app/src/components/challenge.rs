//! The check a person meets past a limit (Cloudflare Turnstile, or the local
//! stand-in): the registry's words, and the widget drawn by the check's own
//! script, which is loaded only when the registry asks for the check.

use domain::challenge::Challenge;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::HtmlElement;

use super::{ErrorNotice, TheHelpDesk};

/// One script for every widget of the page.
const SCRIPT_ID: &str = "registry-challenge-script";

const NOT_SHOWN: &str =
    concat!("The check could not be shown. Reload the page and try again, or contact ", domain::the_help_desk!(), ".");

/// Why the check is shown, and the widget. When the person passes, the answer
/// goes into `answer`; when it expires unused, it is taken out again. The
/// words take the focus, so that the check below them is next.
#[component]
pub fn ChallengeWidget(challenge: Challenge, message: String, answer: RwSignal<Option<String>>) -> impl IntoView {
    let words = NodeRef::<leptos::html::Div>::new();
    words.on_load(|words| drop(words.focus()));
    let widget = NodeRef::<leptos::html::Div>::new();
    // The script would not load, or the widget failed: the person is told, not left before an empty box.
    let failed = RwSignal::new(false);
    widget.on_load(move |element| {
        if let Err(e) = draw(element.into(), challenge, answer, failed) {
            leptos::logging::error!("the check could not be drawn: {e:?}");
            failed.set(true);
        }
    });
    view! {
        <div class="usa-alert usa-alert--warning usa-alert--slim" id="challenge-words" role="alert" tabindex="-1" node_ref=words>
            <div class="usa-alert__body">
                <p class="usa-alert__text">{message}</p>
                <p class="usa-alert__text">"If you cannot complete the check, contact " <TheHelpDesk /> "."</p>
            </div>
        </div>
        {move || failed.get().then(|| view! { <ErrorNotice message=NOT_SHOWN.to_owned() /> })}
        <div class="registry-challenge" node_ref=widget></div>
    }
}

/// Draws the widget in `element`, once the check's script is there.
fn draw(
    element: HtmlElement,
    challenge: Challenge,
    answer: RwSignal<Option<String>>,
    failed: RwSignal<bool>,
) -> Result<(), JsValue> {
    if let Some(turnstile) = turnstile() {
        return render(&turnstile, &element, &challenge, answer, failed);
    }
    let document = document();
    let script = match document.get_element_by_id(SCRIPT_ID) {
        Some(script) => script,
        None => {
            let script = document.create_element("script")?;
            script.set_id(SCRIPT_ID);
            script.set_attribute("src", &challenge.script)?;
            document.body().ok_or("no body")?.append_child(&script)?;
            script
        }
    };
    let loaded = Closure::once_into_js(move || {
        let drawn = turnstile().ok_or(JsValue::from("the check's script did not load"));
        if let Err(e) = drawn.and_then(|turnstile| render(&turnstile, &element, &challenge, answer, failed)) {
            leptos::logging::error!("the check could not be drawn: {e:?}");
            let _ = failed.try_set(true);
        }
    });
    let not_loaded = Closure::once_into_js(move || {
        let _ = failed.try_set(true);
    });
    script.add_event_listener_with_callback("load", loaded.unchecked_ref())?;
    script.add_event_listener_with_callback("error", not_loaded.unchecked_ref())
}

/// The script's `window.turnstile`, once it has run.
fn turnstile() -> Option<JsValue> {
    js_sys::Reflect::get(&window(), &"turnstile".into()).ok().filter(JsValue::is_object)
}

/// `turnstile.render(element, { sitekey, action, callback, 'expired-callback', 'error-callback' })`.
fn render(
    turnstile: &JsValue,
    element: &HtmlElement,
    challenge: &Challenge,
    answer: RwSignal<Option<String>>,
    failed: RwSignal<bool>,
) -> Result<(), JsValue> {
    let render: js_sys::Function = js_sys::Reflect::get(turnstile, &"render".into())?.dyn_into()?;
    // The widget calls these for as long as the page lives; a widget drawn
    // again, or a page left since, is no longer in the document and says nothing.
    let shown = element.clone();
    let passed = Closure::<dyn Fn(String)>::new(move |token: String| {
        if shown.is_connected() {
            let _ = answer.try_set(Some(token));
        }
    });
    let shown = element.clone();
    let expired = Closure::<dyn Fn()>::new(move || {
        if shown.is_connected() {
            let _ = answer.try_set(None);
        }
    });
    let shown = element.clone();
    let broken = Closure::<dyn Fn()>::new(move || {
        if shown.is_connected() {
            let _ = failed.try_set(true);
        }
    });
    let options = js_sys::Object::new();
    for (name, value) in [
        ("sitekey", JsValue::from(&challenge.site_key)),
        ("action", JsValue::from(&challenge.action)),
        ("callback", passed.into_js_value()),
        ("expired-callback", expired.into_js_value()),
        ("error-callback", broken.into_js_value()),
    ] {
        js_sys::Reflect::set(&options, &name.into(), &value)?;
    }
    render.call2(turnstile, element, &options).map(drop)
}
