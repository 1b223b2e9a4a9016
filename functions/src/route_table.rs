//! Every route of the two workers, declared once: its method, its path (from
//! `domain::routes`) and who may call it. The registry's fetch event
//! (`runtime::entry`) finds each request's route here, and passes those behind
//! Cloudflare Access (the staff API, the dev mailbox) on to the staff API's
//! worker (`runtime::staff_api_worker`), which finds them here again: a path that no route has is 404, a method
//! that its routes do not take is 405 with `Allow`. Any other path is the
//! built app's (a file, or a page the app draws).
//!
//! Who may call ([`Caller`]) is checked:
//! - for the staff, before the route is looked up: every `/api/staff/*` path,
//!   known or not, answers 401 without a staff session, 403 to an examiner's,
//!   and then 403 to a role that does not reach the route's work (`Role::may`);
//! - for examiners and the people who work for them, before the handler: an
//!   [`Endpoint::Examiner`] or [`Endpoint::Person`] gets the session, read and
//!   renewed by `runtime::entry`, and a change (not GET or HEAD) its CSRF token
//!   checked; the few routes of the session itself (the warning's "time left",
//!   "Stay signed in", signing out) read it their own way;
//! - for everyone, before anything: a request that may change something and
//!   whose browser names another site is refused (`runtime::csrf`), and every
//!   signed-in person's change carries the session's CSRF token.
//!
//! The limits on what sends email or checks a claim (per client address, per
//! account, per person) are counted by the handlers that know whom to count:
//! the transfer, an email change, an access request, refused sign-ins.

use domain::routes::{self, Prefix};
use domain::staff::StaffWork;

use crate::error::AppError;

/// An HTTP method the worker answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Head,
    Post,
    Delete,
}

impl Method {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "GET" => Some(Self::Get),
            "HEAD" => Some(Self::Head),
            "POST" => Some(Self::Post),
            "DELETE" => Some(Self::Delete),
            _ => None,
        }
    }

    /// Whether a request by this method may change something (so carries a CSRF token).
    pub fn changes(self) -> bool {
        !matches!(self, Self::Get | Self::Head)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Head => "HEAD",
            Self::Post => "POST",
            Self::Delete => "DELETE",
        }
    }
}

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller {
    /// Anyone: what the request carries decides (a link's token, the sign-in's
    /// state, a claim that is checked and answered alike whatever it finds).
    Anyone,
    /// A person signed in with login.gov to their own registry account.
    Examiner,
    /// A person who has just signed in for the first time, answering whether
    /// the account found is theirs (the question's own cookie and token).
    FirstSignIn,
    /// A person signed in to work for examiners (an assistant, a third party).
    Person,
    /// A staff member whose role reaches this work.
    Staff(StaffWork),
    /// Whoever Cloudflare Access lets through (a preview's dev mailbox).
    BehindAccess,
}

/// What a route does: one handler each, in `runtime::entry` (or, for those
/// passed on, `runtime::staff_api_worker`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    // login.gov's routes (registered with it).
    SignIn,
    Callback,
    SignOut,
    StaffSignIn,
    StaffSignOut,
    WorkForSignIn,
    WorkForSignOut,
    /// Staging's relay of a preview's sign-in (only where previews are relayed).
    PreviewCallback,
    // Anyone's.
    Health,
    Deadline,
    Transfer,
    FixLink,
    FixLinkNewEmail,
    FixLinkDeclined,
    NewEmailLink,
    NewEmailConfirmed,
    EmailChangeLink,
    EmailChangeConfirmed,
    /// A reminder's button: the visit counted, then the step's page.
    Reminder,
    /// The emails sent in a local run or a preview (only where a dev mailbox exists).
    DevMailbox,
    // The examiner's session itself.
    Session,
    KeepSession,
    SessionTime,
    /// The rest of the examiner's API, past their session.
    Examiner(ExaminerEndpoint),
    // A first sign-in's question.
    LinkQuestion,
    LinkAnswer,
    // The session of a person who works for examiners.
    KeepPersonSession,
    PersonSessionTime,
    /// The rest of their API, past their session.
    Person(PersonEndpoint),
    // The staff's own session: read without renewing it, or renewed by "Stay signed in".
    StaffSessionTime,
    KeepStaffSession,
    /// The rest of the staff API, behind its gate (`runtime::staff_api`).
    Staff(StaffEndpoint),
}

/// What an examiner's API does, past their session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExaminerEndpoint {
    AccountEmailChange,
    PeopleWorkingForMe,
    AnswerPerson,
}

/// What the API of a person who works for examiners does, past their session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonEndpoint {
    WorkingFor,
    AskForAccess,
    ExaminerRecord,
}

/// What the staff API does past its gate (a staff session, Cloudflare Access, the role).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffEndpoint {
    Session,
    Search,
    Account,
    Action,
    Funnel,
    Outreach,
    Campaigns,
    ComposeCampaign,
    Campaign,
    ChangeCampaign,
    Members,
    AddMember,
    Member,
    RemoveMember,
}

/// A route's path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoutePath {
    Is(&'static str),
    /// The prefix and one segment: a token, an id.
    Then(Prefix),
    /// The prefix, one segment, then this word (`/api/staff/members/7/remove`).
    ThenWord(Prefix, &'static str),
    /// The prefix, one segment, then any one word: an action, a change.
    ThenAnyWord(Prefix),
}

/// The values a path carries: its segment (an id, a token) and its last word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PathValues<'a> {
    pub value: &'a str,
    pub word: &'a str,
}

impl PathValues<'_> {
    /// The segment as a row's id (an account's, a grant's, a staff member's): anything else is no such page.
    pub fn id(&self) -> Result<i64, AppError> {
        self.value.parse().map_err(|_| AppError::NotFound)
    }
}

impl RoutePath {
    /// The path's values, if `path` is this route's.
    fn values_in(self, path: &str) -> Option<PathValues<'_>> {
        let segment = |text: &str| !text.is_empty() && !text.contains('/');
        match self {
            Self::Is(exact) => (path == exact).then(PathValues::default),
            Self::Then(prefix) => {
                prefix.value_in(path).filter(|value| segment(value)).map(|value| PathValues { value, word: "" })
            }
            Self::ThenWord(prefix, word) => {
                let value = prefix.value_in(path)?.strip_suffix(word)?.strip_suffix('/')?;
                segment(value).then_some(PathValues { value, word })
            }
            Self::ThenAnyWord(prefix) => {
                let (value, word) = prefix.value_in(path)?.split_once('/')?;
                (segment(value) && segment(word)).then_some(PathValues { value, word })
            }
        }
    }
}

/// One route: a method on a path, who may call it, what it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route {
    pub method: Method,
    pub path: RoutePath,
    pub caller: Caller,
    pub endpoint: Endpoint,
}

const fn route(method: Method, path: RoutePath, caller: Caller, endpoint: Endpoint) -> Route {
    Route { method, path, caller, endpoint }
}

use Caller::{Anyone, BehindAccess, Examiner, FirstSignIn, Person, Staff};
use Method::{Delete, Get, Head, Post};
use RoutePath::{Is, Then, ThenAnyWord, ThenWord};
use StaffWork::{Accounts, Campaigns, Funnel, OwnSession};

/// Every route of the worker.
pub const ROUTES: &[Route] = &[
    route(Get, Is(routes::LOGIN_GOV), Anyone, Endpoint::SignIn),
    route(Get, Is(routes::CALLBACK), Anyone, Endpoint::Callback),
    route(Post, Is(routes::LOGOUT), Examiner, Endpoint::SignOut),
    route(Get, Is(routes::STAFF_LOGIN), Anyone, Endpoint::StaffSignIn),
    route(Post, Is(routes::STAFF_LOGOUT), Staff(OwnSession), Endpoint::StaffSignOut),
    route(Get, Is(routes::WORK_FOR_LOGIN), Anyone, Endpoint::WorkForSignIn),
    route(Post, Is(routes::WORK_FOR_LOGOUT), Person, Endpoint::WorkForSignOut),
    route(Get, Is(routes::PREVIEW_CALLBACK), Anyone, Endpoint::PreviewCallback),
    route(Get, Is(routes::API_HEALTH), Anyone, Endpoint::Health),
    route(Head, Is(routes::API_HEALTH), Anyone, Endpoint::Health),
    route(Get, Is(routes::API_DEADLINE), Anyone, Endpoint::Deadline),
    route(Post, Is(routes::API_TRANSFER), Anyone, Endpoint::Transfer),
    route(Get, Then(routes::TRANSFER_FIX.api), Anyone, Endpoint::FixLink),
    route(Post, Then(routes::TRANSFER_FIX.api), Anyone, Endpoint::FixLinkNewEmail),
    route(Delete, Then(routes::TRANSFER_FIX.api), Anyone, Endpoint::FixLinkDeclined),
    route(Get, Then(routes::TRANSFER_CONFIRM.api), Anyone, Endpoint::NewEmailLink),
    route(Post, Then(routes::TRANSFER_CONFIRM.api), Anyone, Endpoint::NewEmailConfirmed),
    route(Get, Then(routes::EMAIL_CHANGE_CONFIRM.api), Anyone, Endpoint::EmailChangeLink),
    route(Post, Then(routes::EMAIL_CHANGE_CONFIRM.api), Anyone, Endpoint::EmailChangeConfirmed),
    route(Get, Then(routes::REMINDER), Anyone, Endpoint::Reminder),
    route(Get, Is(routes::API_DEV_MAILBOX), BehindAccess, Endpoint::DevMailbox),
    route(Get, Is(routes::API_SESSION), Examiner, Endpoint::Session),
    route(Post, Is(routes::API_SESSION), Examiner, Endpoint::KeepSession),
    route(Get, Is(routes::API_SESSION_TIME), Examiner, Endpoint::SessionTime),
    route(Post, Is(routes::API_ACCOUNT_EMAIL), Examiner, Endpoint::Examiner(ExaminerEndpoint::AccountEmailChange)),
    route(Get, Is(routes::API_ACCOUNT_PEOPLE), Examiner, Endpoint::Examiner(ExaminerEndpoint::PeopleWorkingForMe)),
    route(Post, ThenAnyWord(routes::API_ACCOUNT_PERSON), Examiner, Endpoint::Examiner(ExaminerEndpoint::AnswerPerson)),
    route(Get, Is(routes::API_SIGN_IN_LINK), FirstSignIn, Endpoint::LinkQuestion),
    route(Post, Is(routes::API_SIGN_IN_LINK), FirstSignIn, Endpoint::LinkAnswer),
    route(Get, Is(routes::API_WORK_FOR), Person, Endpoint::Person(PersonEndpoint::WorkingFor)),
    route(Post, Is(routes::API_WORK_FOR), Person, Endpoint::Person(PersonEndpoint::AskForAccess)),
    route(Post, Is(routes::API_WORK_FOR_SESSION), Person, Endpoint::KeepPersonSession),
    route(Get, Is(routes::API_WORK_FOR_SESSION_TIME), Person, Endpoint::PersonSessionTime),
    route(Get, Then(routes::API_WORK_FOR_EXAMINER), Person, Endpoint::Person(PersonEndpoint::ExaminerRecord)),
    route(Get, Is(routes::API_STAFF_SESSION), Staff(OwnSession), Endpoint::Staff(StaffEndpoint::Session)),
    route(Post, Is(routes::API_STAFF_SESSION), Staff(OwnSession), Endpoint::KeepStaffSession),
    route(Get, Is(routes::API_STAFF_SESSION_TIME), Staff(OwnSession), Endpoint::StaffSessionTime),
    route(Get, Is(routes::API_STAFF_ACCOUNTS), Staff(Accounts), Endpoint::Staff(StaffEndpoint::Search)),
    route(Get, Then(routes::API_STAFF_ACCOUNT), Staff(Accounts), Endpoint::Staff(StaffEndpoint::Account)),
    route(Post, ThenAnyWord(routes::API_STAFF_ACCOUNT), Staff(Accounts), Endpoint::Staff(StaffEndpoint::Action)),
    route(Get, Is(routes::API_STAFF_FUNNEL), Staff(Funnel), Endpoint::Staff(StaffEndpoint::Funnel)),
    route(Get, Is(routes::API_STAFF_OUTREACH), Staff(Funnel), Endpoint::Staff(StaffEndpoint::Outreach)),
    route(Get, Is(routes::API_STAFF_CAMPAIGNS), Staff(Campaigns), Endpoint::Staff(StaffEndpoint::Campaigns)),
    route(Post, Is(routes::API_STAFF_CAMPAIGNS), Staff(Campaigns), Endpoint::Staff(StaffEndpoint::ComposeCampaign)),
    route(Get, Then(routes::API_STAFF_CAMPAIGN), Staff(Campaigns), Endpoint::Staff(StaffEndpoint::Campaign)),
    route(
        Post,
        ThenAnyWord(routes::API_STAFF_CAMPAIGN),
        Staff(Campaigns),
        Endpoint::Staff(StaffEndpoint::ChangeCampaign),
    ),
    route(Get, Is(routes::API_STAFF_MEMBERS), Staff(StaffWork::Staff), Endpoint::Staff(StaffEndpoint::Members)),
    route(Post, Is(routes::API_STAFF_MEMBERS), Staff(StaffWork::Staff), Endpoint::Staff(StaffEndpoint::AddMember)),
    route(Get, Then(routes::API_STAFF_MEMBER), Staff(StaffWork::Staff), Endpoint::Staff(StaffEndpoint::Member)),
    route(
        Post,
        ThenWord(routes::API_STAFF_MEMBER, "remove"),
        Staff(StaffWork::Staff),
        Endpoint::Staff(StaffEndpoint::RemoveMember),
    ),
];

/// What the table says of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found<'a> {
    Route(&'static Route, PathValues<'a>),
    /// The path is a route's, not with this method: these are (`Allow`).
    MethodNotAllowed(String),
    /// No route has this path.
    NotFound,
}

/// The route of `method` on `path`. A route named exactly comes before one
/// with a value at the same place (`/api/work-for/session` is no grant's id).
pub fn find<'a>(method: &str, path: &'a str) -> Found<'a> {
    let exact: Vec<&'static Route> = ROUTES.iter().filter(|r| matches!(r.path, Is(exact) if exact == path)).collect();
    let on_path: Vec<(&'static Route, PathValues<'a>)> = if exact.is_empty() {
        ROUTES.iter().filter_map(|r| r.path.values_in(path).map(|values| (r, values))).collect()
    } else {
        exact.into_iter().map(|r| (r, PathValues::default())).collect()
    };
    if on_path.is_empty() {
        return Found::NotFound;
    }
    let method = Method::parse(method);
    match on_path.iter().find(|(r, _)| Some(r.method) == method) {
        Some(&(route, values)) => Found::Route(route, values),
        // Each method once: a route is declared once (tested below).
        None => Found::MethodNotAllowed(on_path.iter().map(|(r, _)| r.method.as_str()).collect::<Vec<_>>().join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Who may call the route of `method` on `path`, if there is one.
    fn who_may_call(method: &str, path: &str) -> Option<Caller> {
        match find(method, path) {
            Found::Route(route, _) => Some(route.caller),
            _ => None,
        }
    }

    #[test]
    fn each_route_is_found_by_its_own_method_and_path_with_its_values() {
        let token = "ab".repeat(32);
        let Found::Route(health, values) = find("GET", routes::API_HEALTH) else { panic!() };
        assert_eq!((health.endpoint, values), (Endpoint::Health, PathValues::default()));
        let fix_link = routes::TRANSFER_FIX.api.with(&token);
        let Found::Route(fix, values) = find("DELETE", &fix_link) else { panic!() };
        assert_eq!((fix.endpoint, values.value), (Endpoint::FixLinkDeclined, token.as_str()));
        let Found::Route(action, values) = find("POST", "/api/staff/accounts/42/resend-email") else { panic!() };
        assert_eq!(
            (action.endpoint, values),
            (Endpoint::Staff(StaffEndpoint::Action), PathValues { value: "42", word: "resend-email" })
        );
        let Found::Route(remove, values) = find("POST", "/api/staff/members/7/remove") else { panic!() };
        assert_eq!((remove.endpoint, values.value), (Endpoint::Staff(StaffEndpoint::RemoveMember), "7"));
        for route in ROUTES {
            let path = match route.path {
                Is(path) => path.to_owned(),
                Then(prefix) => prefix.with("12"),
                ThenWord(prefix, word) => prefix.with(&format!("12/{word}")),
                ThenAnyWord(prefix) => prefix.with("12/approve"),
            };
            let Found::Route(found, _) = find(route.method.as_str(), &path) else { panic!("{path}") };
            assert_eq!(found, route, "{} {path}", route.method.as_str());
        }
    }

    #[test]
    fn a_path_named_exactly_is_no_value_of_a_route_beside_it() {
        // Not the record of a grant whose id is "session".
        assert_eq!(find("GET", routes::API_WORK_FOR_SESSION), Found::MethodNotAllowed("POST".into()));
        let Found::Route(record, values) = find("GET", "/api/work-for/12") else { panic!() };
        assert_eq!((record.endpoint, values.value), (Endpoint::Person(PersonEndpoint::ExaminerRecord), "12"));
    }

    #[test]
    fn another_method_on_a_routes_path_is_405_with_the_methods_it_takes() {
        assert_eq!(find("PUT", routes::API_SESSION), Found::MethodNotAllowed("GET, POST".into()));
        assert_eq!(find("GET", routes::API_TRANSFER), Found::MethodNotAllowed("POST".into()));
        assert_eq!(find("HEAD", routes::API_DEADLINE), Found::MethodNotAllowed("GET".into()));
        assert_eq!(
            find("PATCH", &routes::TRANSFER_FIX.api.with("t")),
            Found::MethodNotAllowed("GET, POST, DELETE".into())
        );
        assert!(matches!(find("HEAD", routes::API_HEALTH), Found::Route(..)));
    }

    #[test]
    fn a_path_no_route_has_is_not_found() {
        for path in [
            "/api/nothing",
            "/api/transfer/fix/",
            "/api/transfer/fix/a/b",
            "/api/staff/members/7/rename",
            "/auth/other",
        ] {
            assert_eq!(find("GET", path), Found::NotFound, "{path}");
            assert_eq!(find("POST", path), Found::NotFound, "{path}");
        }
    }

    #[test]
    fn who_may_call_each_staff_route_is_a_staff_role_and_every_staff_route_is_under_the_staff_api() {
        assert_eq!(who_may_call("GET", routes::API_STAFF_FUNNEL), Some(Staff(Funnel)));
        assert_eq!(who_may_call("POST", "/api/staff/members/3/remove"), Some(Staff(StaffWork::Staff)));
        assert_eq!(who_may_call("POST", routes::API_TRANSFER), Some(Anyone));
        assert_eq!(who_may_call("POST", routes::API_ACCOUNT_EMAIL), Some(Examiner));
        for route in ROUTES {
            let path = match route.path {
                Is(path) => path,
                Then(prefix) | ThenWord(prefix, _) | ThenAnyWord(prefix) => prefix.0,
            };
            let staff_api = routes::is_under(path, routes::API_STAFF);
            assert_eq!(
                staff_api,
                matches!(route.caller, Staff(_)) && route.endpoint != Endpoint::StaffSignOut,
                "{path}"
            );
        }
    }

    #[test]
    fn an_endpoint_past_a_session_is_declared_for_that_sessions_caller() {
        for route in ROUTES {
            match route.endpoint {
                Endpoint::Examiner(_) => assert_eq!(route.caller, Examiner, "{:?}", route.path),
                Endpoint::Person(_) => assert_eq!(route.caller, Person, "{:?}", route.path),
                Endpoint::Staff(_) => assert!(matches!(route.caller, Staff(_)), "{:?}", route.path),
                _ => {}
            }
        }
    }

    #[test]
    fn a_route_is_declared_once() {
        for (i, a) in ROUTES.iter().enumerate() {
            for b in &ROUTES[i + 1..] {
                assert!(!(a.method == b.method && a.path == b.path), "{:?} twice", a.path);
            }
        }
    }
}
