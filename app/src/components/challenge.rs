//! The check a person meets past a limit (Cloudflare Turnstile, or the local
//! stand-in): the registry's words, and the widget drawn by the check's own
//! script, which is loaded only when the registry asks for the check.

use domain::challenge::Challenge;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::HtmlElement;

/// One script for every widget of the page.
const SCRIPT_ID: &str = "registry-challenge-script";

/// Why the check is shown, and the widget. When the person passes, the answer
/// goes into `answer`; when it expires unused, it is taken out again.
#[component]
pub fn ChallengeWidget(challenge: Challenge, message: String, answer: RwSignal<Option<String>>) -> impl IntoView {
    let widget = NodeRef::<leptos::html::Div>::new();
    widget.on_load(move |element| {
        if let Err(e) = draw(element.into(), challenge, answer) {
            leptos::logging::error!("the check could not be drawn: {e:?}");
        }
    });
    view! {
        <div class="usa-alert usa-alert--warning usa-alert--slim" role="alert">
            <div class="usa-alert__body"><p class="usa-alert__text">{message}</p></div>
        </div>
        <div class="registry-challenge" node_ref=widget></div>
    }
}

/// Draws the widget in `element`, once the check's script is there.
fn draw(element: HtmlElement, challenge: Challenge, answer: RwSignal<Option<String>>) -> Result<(), JsValue> {
    let site_key = challenge.site_key;
    if let Some(turnstile) = turnstile() {
        return render(&turnstile, &element, &site_key, answer);
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
        if let Err(e) = drawn.and_then(|turnstile| render(&turnstile, &element, &site_key, answer)) {
            leptos::logging::error!("the check could not be drawn: {e:?}");
        }
    });
    script.add_event_listener_with_callback("load", loaded.unchecked_ref())
}

/// The script's `window.turnstile`, once it has run.
fn turnstile() -> Option<JsValue> {
    js_sys::Reflect::get(&window(), &"turnstile".into()).ok().filter(JsValue::is_object)
}

/// `turnstile.render(element, { sitekey, callback, 'expired-callback' })`.
fn render(
    turnstile: &JsValue,
    element: &HtmlElement,
    site_key: &str,
    answer: RwSignal<Option<String>>,
) -> Result<(), JsValue> {
    let render: js_sys::Function = js_sys::Reflect::get(turnstile, &"render".into())?.dyn_into()?;
    // The widget calls these for as long as the page lives; a page left since ignores them.
    let passed = Closure::<dyn Fn(String)>::new(move |token: String| drop(answer.try_set(Some(token))));
    let expired = Closure::<dyn Fn()>::new(move || drop(answer.try_set(None)));
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"sitekey".into(), &site_key.into())?;
    js_sys::Reflect::set(&options, &"callback".into(), &passed.into_js_value())?;
    js_sys::Reflect::set(&options, &"expired-callback".into(), &expired.into_js_value())?;
    render.call2(turnstile, element, &options).map(drop)
}
