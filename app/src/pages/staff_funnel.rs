//! `/staff/funnel`: the migration funnel per day — total, transferred,
//! linked, waiting on a duplicate-email fix — as a chart and as the same
//! numbers in a table, for an account type and a State, the table also
//! counting the people an examiner lets work for them (approved access); and
//! the outreach list of examiners not transferred, as CSV.
//!
//! The chart is an SVG drawn here: four lines over at most a few hundred days
//! need no charting library, and every one considered (plotters, charming,
//! a JavaScript one) would more than double the staff bundle. The table
//! beside it is what a screen reader reads.

use domain::deadline::DeadlineStage;
use domain::funnel::FunnelDay;
use domain::routes;
use domain::{AccountType, UsState};
use leptos::prelude::*;

use crate::api::{self, ApiFailure, SessionOf};
use crate::components::{local_time, ErrorNotice, Link, Page, SessionTimeout, StaffSignInButton};

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
    let deadline = LocalResource::new(api::deadline);
    let past = move || deadline.get().flatten().is_some_and(|d| d.stage == DeadlineStage::Passed);
    view! {
        <Page title="The migration funnel">
            <Suspense fallback=|| ()>
                {move || session.get().and_then(Result::ok).map(|staff| view! {
                    <SessionTimeout of=SessionOf::Staff time=staff.session csrf_token=staff.csrf_token />
                })}
            </Suspense>
            <p><Link href=routes::STAFF>"Back to the staff page"</Link></p>
            <Suspense fallback=|| ()>
                {move || deadline.get().flatten().map(|notice| view! {
                    <p>"Transfer deadline: " <strong>{notice.for_staff()}</strong></p>
                })}
            </Suspense>
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
                    // On a phone the table comes first (registry-funnel's order).
                    Ok(days) => view! { <div class="registry-funnel"><Chart days=days.clone() /> <Figures days /></div> }.into_any(),
                    Err(ApiFailure::NotSignedIn) => view! {
                        <StaffSignInButton />
                    }.into_any(),
                    Err(failure) => view! { <ErrorNotice message=failure.message() /> }.into_any(),
                })}
            </Suspense>
            <h2>"Outreach"</h2>
            {move || past().then(|| view! {
                <p>"The deadline has passed: the Medical Examiners not transferred yet are those past it, for the Federal Register notice."</p>
            })}
            // One State at a time, and each download is audited.
            {move || if state.get().is_empty() {
                view! { <p>"Choose a State above to download its Medical Examiners not transferred yet (CSV)."</p> }.into_any()
            } else {
                view! {
                    <p><a class="usa-link" href=outreach download="examiners-not-transferred.csv">
                        "Download the Medical Examiners not transferred yet (CSV, for the State chosen above)"
                    </a></p>
                }.into_any()
            }}
        </Page>
    }
}

// Drawn small, so that its words stay readable where a phone scales it down.
const WIDTH: f64 = 480.0;
const HEIGHT: f64 = 300.0;
const LEFT: f64 = 72.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 56.0;
const FONT: &str = "15";
/// Lines of more days than this are drawn from every few days' figures (the
/// table has each); dots mark each day only for a month or less.
const MOST_POINTS: usize = 90;
const MOST_DOTS: usize = 31;

/// The y axis's marks: 0 up to at least `top`, in the first step of 1, 2 or
/// 5 × 10ⁿ that needs at most four.
fn ticks(top: i64) -> Vec<i64> {
    let top = top.max(1);
    let step =
        (0..18).flat_map(|power| [1, 2, 5].map(|k| k * 10_i64.pow(power))).find(|step| step * 4 >= top).unwrap_or(top);
    (0..=(top + step - 1) / step).map(|k| k * step).collect()
}

/// The days a line is drawn through: every day, or every few days and the last.
fn drawn(days: usize) -> Vec<usize> {
    let every = days.div_ceil(MOST_POINTS).max(1);
    let mut drawn: Vec<usize> = (0..days).step_by(every).collect();
    if days > 0 && drawn.last() != Some(&(days - 1)) {
        drawn.push(days - 1);
    }
    drawn
}

/// A count with thousands separated, as the axis shows it.
fn grouped(n: i64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[component]
fn Chart(days: Vec<FunnelDay>) -> impl IntoView {
    let marks = ticks(days.iter().map(|d| d.total).max().unwrap_or(0));
    let top = *marks.last().unwrap_or(&1) as f64;
    let span = (days.len().max(2) - 1) as f64;
    let x = move |i: usize| LEFT + (WIDTH - LEFT - RIGHT) * i as f64 / span;
    let y = move |n: i64| HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) * n as f64 / top;
    let drawn = drawn(days.len());
    // The first day, the middle one and the last, under the axis.
    let last = days.len().saturating_sub(1);
    let dates: Vec<(usize, &'static str)> =
        if last == 0 { vec![(0, "start")] } else { vec![(0, "start"), (last / 2, "middle"), (last, "end")] };
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
                <desc id="funnel-chart-desc">{summary.clone().unwrap_or_default()} " The table has every day's numbers."</desc>
                {marks.iter().map(|&n| view! {
                    <line x1=LEFT y1=y(n) x2=WIDTH - RIGHT y2=y(n) stroke=if n == 0 { "#565c65" } else { "#dfe1e2" } />
                    <text x=LEFT - 6.0 y=y(n) + 5.0 text-anchor="end" font-size=FONT>{grouped(n)}</text>
                }).collect_view()}
                <line x1=LEFT y1=TOP x2=LEFT y2=HEIGHT - BOTTOM stroke="#565c65" />
                {dates.into_iter().map(|(i, anchor)| view! {
                    <text x=x(i) y=HEIGHT - BOTTOM + 22.0 text-anchor=anchor font-size=FONT>{local_time::day(&days[i].day)}</text>
                }).collect_view()}
                <text x=LEFT + (WIDTH - LEFT - RIGHT) / 2.0 y=HEIGHT - 8.0 text-anchor="middle" font-size=FONT>"Day"</text>
                <text x="16" y=TOP + (HEIGHT - TOP - BOTTOM) / 2.0 text-anchor="middle" font-size=FONT
                    transform=format!("rotate(-90 16 {})", TOP + (HEIGHT - TOP - BOTTOM) / 2.0)>"Accounts"</text>
                {SERIES.map(|Series { count, colour, dash, .. }| {
                    let points: Vec<String> = drawn.iter().map(|&i| format!("{:.1},{:.1}", x(i), y(count(&days[i])))).collect();
                    let dots = (days.len() <= MOST_DOTS).then(|| days.iter().enumerate().map(|(i, d)| view! {
                        <circle cx=x(i) cy=y(count(d)) r="3" fill=colour />
                    }).collect_view());
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
            <caption>"The migration funnel, per day (the chart's numbers, and the people given access by an examiner)"</caption>
            <thead><tr>
                <th scope="col">"Day"</th><th scope="col">"Total"</th><th scope="col">"Not transferred"</th>
                <th scope="col">"Waiting on a duplicate-email fix"</th><th scope="col">"Transferred"</th><th scope="col">"Linked to login.gov"</th>
                <th scope="col">"Assistants with access"</th><th scope="col">"Third parties with access"</th>
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
                        <td data-label="Assistants with access">{d.assistants_with_access}</td>
                        <td data-label="Third parties with access">{d.third_parties_with_access}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_axis_counts_in_round_steps_up_to_the_top() {
        assert_eq!(ticks(0), [0, 1]);
        assert_eq!(ticks(7), [0, 2, 4, 6, 8]);
        assert_eq!(ticks(40), [0, 10, 20, 30, 40]);
        assert_eq!(ticks(102_625), [0, 50_000, 100_000, 150_000]);
    }

    #[test]
    fn a_year_is_drawn_from_fewer_points_ending_on_its_last_day() {
        assert_eq!(drawn(3), [0, 1, 2]);
        let year = drawn(366);
        assert!(year.len() <= MOST_POINTS + 1, "{}", year.len());
        assert_eq!((year[0], year[1], year.last()), (0, 5, Some(&365)));
        assert!(drawn(0).is_empty());
    }

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(950), "950");
        assert_eq!(grouped(92_625), "92,625");
        assert_eq!(grouped(1_000_000), "1,000,000");
    }
}
