//! `/staff/funnel`: the migration funnel per day — total, transferred,
//! linked, waiting on a duplicate-email fix — as a chart and as the same
//! numbers in a table, for an account type and a State; and the outreach
//! list of examiners not transferred, as CSV.
//!
//! The chart is an SVG drawn here: four lines over at most a few hundred days
//! need no charting library, and every one considered (plotters, charming,
//! a JavaScript one) would more than double the staff bundle. The table
//! beside it is what a screen reader reads.

use domain::routes;
use domain::staff::FunnelDay;
use domain::{AccountType, UsState};
use leptos::prelude::*;

use crate::api::{self, ApiFailure, SessionOf};
use crate::components::{ErrorNotice, Link, Page, SessionTimeout, StaffSignInButton};

/// One of the chart's lines.
struct Series {
    label: &'static str,
    count: fn(&FunnelDay) -> i64,
    /// USWDS colours, told apart with the common colour blindnesses, and dashes besides.
    colour: &'static str,
    dash: &'static str,
}

const SERIES: [Series; 4] = [
    Series { label: "Total", count: |d| d.total, colour: "#1b1b1b", dash: "" },
    Series { label: "Transferred", count: |d| d.transferred, colour: "#005ea2", dash: "" },
    Series { label: "Linked to login.gov", count: |d| d.linked, colour: "#00a398", dash: "6 3" },
    Series { label: "Waiting on a duplicate-email fix", count: |d| d.waiting_on_fix, colour: "#c05600", dash: "2 3" },
];

#[component]
pub fn StaffFunnel() -> impl IntoView {
    let account_type = RwSignal::new(String::new());
    let state = RwSignal::new(String::new());
    let days = LocalResource::new(move || api::funnel(account_type.get(), state.get()));
    // The State is one of the select's values: a code of letters, safe in a URL as it is.
    let outreach = move || format!("{}?state={}", routes::API_STAFF_OUTREACH, state.get());
    let session = LocalResource::new(api::staff_session);
    view! {
        <Page title="The migration funnel">
            <Suspense fallback=|| ()>
                {move || session.get().and_then(Result::ok).map(|staff| view! {
                    <SessionTimeout of=SessionOf::Staff time=staff.session csrf_token=staff.csrf_token />
                })}
            </Suspense>
            <p><Link href=routes::STAFF>"Back to the staff page"</Link></p>
            <form class="usa-form" on:submit=|ev: leptos::ev::SubmitEvent| ev.prevent_default()>
                <label class="usa-label" for="funnel-type">"Account type"</label>
                <select class="usa-select" id="funnel-type" on:change=move |ev| account_type.set(event_target_value(&ev))>
                    <option value="">"All account types"</option>
                    {AccountType::ALL.map(|t| view! { <option value=t.code()>{t.label()}</option> }).collect_view()}
                </select>
                <label class="usa-label" for="funnel-state">"State that issued the license"</label>
                <select class="usa-select" id="funnel-state" on:change=move |ev| state.set(event_target_value(&ev))>
                    <option value="">"All States"</option>
                    {UsState::all().map(|s| view! { <option value=s.code()>{s.name()}</option> }).collect_view()}
                </select>
            </form>
            <Suspense fallback=|| view! { <p>"Loading the figures…"</p> }>
                {move || days.get().map(|answer| match answer {
                    Ok(days) if days.is_empty() => view! { <p>"No figures yet: they are written every 5 minutes."</p> }.into_any(),
                    Ok(days) => view! { <Chart days=days.clone() /> <Figures days /> }.into_any(),
                    Err(ApiFailure::NotSignedIn) => view! {
                        <StaffSignInButton />
                    }.into_any(),
                    Err(failure) => view! { <ErrorNotice message=failure.message() /> }.into_any(),
                })}
            </Suspense>
            <h2>"Outreach"</h2>
            <p><a class="usa-link" href=outreach download="examiners-not-transferred.csv">
                "Download the Medical Examiners not transferred yet (CSV, for the State chosen above)"
            </a></p>
        </Page>
    }
}

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 260.0;
const MARGIN: f64 = 48.0;

#[component]
fn Chart(days: Vec<FunnelDay>) -> impl IntoView {
    let top = days.iter().map(|d| d.total).max().unwrap_or(0).max(1) as f64;
    let span = (days.len().max(2) - 1) as f64;
    let x = move |i: usize| MARGIN + (WIDTH - 2.0 * MARGIN) * i as f64 / span;
    let y = move |n: i64| HEIGHT - MARGIN - (HEIGHT - 2.0 * MARGIN) * n as f64 / top;
    let (first, last) = (days.first().map(|d| d.day.clone()), days.last().map(|d| d.day.clone()));
    let summary = days.last().map(|d| {
        format!(
            "On {}: {} accounts, {} transferred, {} linked, {} waiting on a fix.",
            d.day, d.total, d.transferred, d.linked, d.waiting_on_fix
        )
    });
    view! {
        <figure class="registry-chart">
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-labelledby="funnel-chart-title funnel-chart-desc">
                <title id="funnel-chart-title">"The migration funnel, per day"</title>
                <desc id="funnel-chart-desc">{summary.clone().unwrap_or_default()} " The table below has every day's numbers."</desc>
                <line x1=MARGIN y1=HEIGHT - MARGIN x2=WIDTH - MARGIN y2=HEIGHT - MARGIN stroke="#565c65" />
                <line x1=MARGIN y1=MARGIN x2=MARGIN y2=HEIGHT - MARGIN stroke="#565c65" />
                <text x=MARGIN - 6.0 y=MARGIN text-anchor="end" font-size="12">{top as i64}</text>
                <text x=MARGIN - 6.0 y=HEIGHT - MARGIN text-anchor="end" font-size="12">"0"</text>
                <text x=MARGIN y=HEIGHT - MARGIN + 18.0 font-size="12">{first}</text>
                <text x=WIDTH - MARGIN y=HEIGHT - MARGIN + 18.0 text-anchor="end" font-size="12">{last}</text>
                {SERIES.map(|Series { count, colour, dash, .. }| {
                    let points: Vec<String> = days.iter().enumerate().map(|(i, d)| format!("{:.1},{:.1}", x(i), y(count(d)))).collect();
                    let dots = days.iter().enumerate().map(|(i, d)| view! {
                        <circle cx=x(i) cy=y(count(d)) r="3" fill=colour />
                    }).collect_view();
                    view! {
                        <polyline points=points.join(" ") fill="none" stroke=colour stroke-width="2" stroke-dasharray=dash />
                        {dots}
                    }
                }).collect_view()}
            </svg>
            <figcaption>
                <ul class="registry-chart__legend">
                    {SERIES.map(|Series { label, colour, .. }| view! {
                        // An SVG swatch: the Content-Security-Policy allows no inline style.
                        <li><svg class="registry-chart__swatch" viewBox="0 0 16 4" aria-hidden="true"><rect width="16" height="4" fill=colour /></svg>{label}</li>
                    }).collect_view()}
                </ul>
            </figcaption>
        </figure>
    }
}

#[component]
fn Figures(days: Vec<FunnelDay>) -> impl IntoView {
    view! {
        <table class="usa-table usa-table--stacked">
            <caption>"The migration funnel, per day (the chart's numbers)"</caption>
            <thead><tr>
                <th scope="col">"Day"</th><th scope="col">"Total"</th><th scope="col">"Not transferred"</th>
                <th scope="col">"Waiting on a duplicate-email fix"</th><th scope="col">"Transferred"</th><th scope="col">"Linked to login.gov"</th>
            </tr></thead>
            <tbody>
                {days.into_iter().rev().map(|d| view! {
                    <tr>
                        <th scope="row" data-label="Day">{d.day}</th>
                        <td data-label="Total">{d.total}</td>
                        <td data-label="Not transferred">{d.not_transferred}</td>
                        <td data-label="Waiting on a duplicate-email fix">{d.waiting_on_fix}</td>
                        <td data-label="Transferred">{d.transferred}</td>
                        <td data-label="Linked to login.gov">{d.linked}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}
