//! Every address of the registry, declared once: the app's pages (its router
//! is tested against these), the worker's routes and API, the links in emails,
//! and the rule `public/boot.js` follows to load a page's bundle.

/// The app's pages.
pub const HOME: &str = "/";
/// The Support page: where to start, what to do when, the help desk.
pub const HELP: &str = "/help";
pub const WHAT_IS_LOGIN_GOV: &str = "/help/login-gov";
pub const HOW_TO_SIGN_IN: &str = "/help/how-to-sign-in";
pub const HELP_DESK: &str = "/help/contact";
pub const SIGN_IN: &str = "/sign-in";
/// A first sign-in: "Is this your National Registry account?"
pub const SIGN_IN_CONFIRM: &str = "/sign-in/confirm";
pub const TRANSFER: &str = "/transfer";
pub const TRANSFER_IDENTIFY: &str = "/transfer/identify";
pub const TRANSFER_SUBMITTED: &str = "/transfer/submitted";
pub const ACCOUNT: &str = "/account";
/// Where login.gov sends a person back after signing out.
pub const SIGNED_OUT: &str = "/signed-out";
/// The staff side: the help desk and the program office (its own bundle).
pub const STAFF: &str = "/staff";
pub const STAFF_FUNNEL: &str = "/staff/funnel";
/// The staff list, for administrators.
pub const STAFF_MEMBERS: &str = "/staff/members";
/// Reminder campaigns, side by side and composed; one campaign (the last segment is its id).
pub const STAFF_CAMPAIGNS: &str = "/staff/campaigns";
pub const STAFF_CAMPAIGN: Prefix = Prefix("/staff/campaigns/");
/// A staff member's page, for administrators: what they did; the last segment is their id.
pub const STAFF_MEMBER: Prefix = Prefix("/staff/members/");
/// An account's page for the help desk; the last segment is its id.
pub const STAFF_ACCOUNT: Prefix = Prefix("/staff/accounts/");
/// The query an idle sign-out adds to the sign-in page, which then says why.
pub const SIGNED_OUT_IDLE: &str = "signed_out=idle";
/// People who work for examiners: "Examiners you work for" (asking, choosing),
/// and one examiner's account as such a person reads it (the last segment is the grant's id).
pub const WORK_FOR: &str = "/work-for";
pub const WORK_FOR_EXAMINER: Prefix = Prefix("/work-for/");
/// The local runs' mailbox (only where EMAIL_PROVIDER is dev-mailbox).
pub const DEV_MAILBOX: &str = "/dev/mailbox";

/// The pages behind single-use links, whose last segment is the token, and
/// the API that checks and uses the link.
pub const TRANSFER_FIX: LinkPage = LinkPage { page: Prefix("/transfer/fix/"), api: Prefix("/api/transfer/fix/") };
pub const TRANSFER_CONFIRM: LinkPage =
    LinkPage { page: Prefix("/transfer/confirm/"), api: Prefix("/api/transfer/confirm/") };
pub const EMAIL_CHANGE_CONFIRM: LinkPage =
    LinkPage { page: Prefix("/account/email/confirm/"), api: Prefix("/api/account/email/confirm/") };
/// A refused sign-in's page; the last segment is the problem's code.
pub const SIGN_IN_PROBLEM: Prefix = Prefix("/sign-in/problem/");

/// A reminder's button (the last segment is its campaign's id): the visit
/// counted, then the step's page (the worker's).
pub const REMINDER: Prefix = Prefix("/reminder/");

/// The worker's OpenID Connect routes, registered with login.gov (so fixed).
pub const LOGIN_GOV: &str = "/auth/login";
pub const CALLBACK: &str = "/auth/callback";
pub const LOGOUT: &str = "/auth/logout";
/// Staging's address registered for the previews' own sandbox client: it sends
/// login.gov's answer on to the preview that began the sign-in (`login_gov::preview`).
pub const PREVIEW_CALLBACK: &str = "/auth/preview-callback";
/// A sign-in (and sign-out) of someone who works for examiners.
pub const WORK_FOR_LOGIN: &str = "/auth/work-for/login";
pub const WORK_FOR_LOGOUT: &str = "/auth/work-for/logout";
/// A staff member's sign-in (with their card) and sign-out.
pub const STAFF_LOGIN: &str = "/auth/staff/login";
pub const STAFF_LOGOUT: &str = "/auth/staff/logout";

/// The API.
pub const API_HEALTH: &str = "/api/health";
/// Where the transfer deadline stands today (`domain::deadline::DeadlineNotice`, or null).
pub const API_DEADLINE: &str = "/api/deadline";
pub const API_SESSION: &str = "/api/session";
/// When the session ends, read without renewing it: the warning's last look before a sign-out.
pub const API_SESSION_TIME: &str = "/api/session/time";
pub const API_SIGN_IN_LINK: &str = "/api/sign-in/link";
pub const API_TRANSFER: &str = "/api/transfer";
pub const API_ACCOUNT_EMAIL: &str = "/api/account/email";
/// The examiner's "People who work for you" (GET); `/{grant}/{approve|decline|revoke}` (POST).
pub const API_ACCOUNT_PEOPLE: &str = "/api/account/people";
pub const API_ACCOUNT_PERSON: Prefix = Prefix("/api/account/people/");
/// Someone who works for examiners: their grants and session (GET), a request for access (POST).
pub const API_WORK_FOR: &str = "/api/work-for";
pub const API_WORK_FOR_SESSION: &str = "/api/work-for/session";
pub const API_WORK_FOR_SESSION_TIME: &str = "/api/work-for/session/time";
/// `/api/work-for/{grant}`: the examiner's account, read-only.
pub const API_WORK_FOR_EXAMINER: Prefix = Prefix("/api/work-for/");
pub const API_DEV_MAILBOX: &str = "/api/dev/mailbox";
/// The staff API: every path under it answers 401 without a staff session, 403 to anyone else.
pub const API_STAFF: &str = "/api/staff";
pub const API_STAFF_SESSION: &str = "/api/staff/session";
pub const API_STAFF_SESSION_TIME: &str = "/api/staff/session/time";
/// `?q=`: the help desk's search.
pub const API_STAFF_ACCOUNTS: &str = "/api/staff/accounts";
/// The staff list (GET), a member added or given another role (POST); `/{id}/remove` (POST).
pub const API_STAFF_MEMBERS: &str = "/api/staff/members";
pub const API_STAFF_MEMBER: Prefix = Prefix("/api/staff/members/");
/// `?type=&state=`: the migration funnel, per day.
pub const API_STAFF_FUNNEL: &str = "/api/staff/funnel";
/// Reminder campaigns: the list (GET) and a new one (POST); one (GET), `/{id}/{change}` (POST).
pub const API_STAFF_CAMPAIGNS: &str = "/api/staff/campaigns";
pub const API_STAFF_CAMPAIGN: Prefix = Prefix("/api/staff/campaigns/");
/// `?state=`: the examiners not transferred yet, as CSV (for outreach).
pub const API_STAFF_OUTREACH: &str = "/api/staff/funnel/outreach.csv";
/// `/api/staff/accounts/{id}` (GET), `/api/staff/accounts/{id}/{action}` (POST).
pub const API_STAFF_ACCOUNT: Prefix = Prefix("/api/staff/accounts/");

/// The pages of the transfer bundle: these roots and everything under them.
/// `public/boot.js` chooses the bundle by the same list (a test compares them).
pub const TRANSFER_BUNDLE: [&str; 7] =
    [TRANSFER, "/dev", ACCOUNT, "/sign-in/problem", SIGN_IN_CONFIRM, SIGNED_OUT, WORK_FOR];

/// The pages of the staff bundle: this root and everything under it.
pub const STAFF_BUNDLE: [&str; 1] = [STAFF];

/// The pages of the help bundle: this root and everything under it.
pub const HELP_BUNDLE: [&str; 1] = [HELP];

const LINKS: [LinkPage; 3] = [TRANSFER_FIX, TRANSFER_CONFIRM, EMAIL_CHANGE_CONFIRM];

/// A page behind a single-use link, and its API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkPage {
    pub page: Prefix,
    pub api: Prefix,
}

/// The start of a page's address whose last segment is a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prefix(pub &'static str);

impl Prefix {
    /// The page for this value.
    pub fn with(self, value: &str) -> String {
        format!("{}{value}", self.0)
    }

    /// The value, if `path` is this page.
    pub fn value_in(self, path: &str) -> Option<&str> {
        path.strip_prefix(self.0)
    }
}

/// Whether `path` is `root` or under it.
pub fn is_under(path: &str, root: &str) -> bool {
    path == root || path.strip_prefix(root).is_some_and(|rest| rest.starts_with('/'))
}

/// The address of a single-use link (its page or its API) that `path` is, if any.
fn link_address_of(path: &str) -> Option<Prefix> {
    LINKS.iter().flat_map(|link| [link.page, link.api]).find(|address| address.value_in(path).is_some())
}

/// `path` with a single-use link's token replaced by `…`: what may be logged.
pub fn without_secrets(path: &str) -> String {
    link_address_of(path).map_or_else(|| path.to_owned(), |address| format!("{}…", address.0))
}

/// Whether `path` carries a single-use link's token: its answer is never
/// kept by a cache, nor its address sent on as a referrer.
pub fn holds_a_token(path: &str) -> bool {
    link_address_of(path).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_link_page_has_its_api_under_the_same_path() {
        for link in LINKS {
            assert_eq!(link.api.0, format!("/api{}", link.page.0));
        }
        assert_eq!(TRANSFER_FIX.page.with("abc"), "/transfer/fix/abc");
        assert_eq!(TRANSFER_FIX.api.value_in("/api/transfer/fix/abc"), Some("abc"));
    }

    #[test]
    fn a_logged_path_carries_no_token() {
        let token = "ab".repeat(32);
        for path in
            [TRANSFER_FIX.page.with(&token), TRANSFER_CONFIRM.api.with(&token), EMAIL_CHANGE_CONFIRM.page.with(&token)]
        {
            assert!(!without_secrets(&path).contains(&token), "{path}");
        }
        assert_eq!(without_secrets("/api/transfer"), "/api/transfer");
        assert!(holds_a_token(&TRANSFER_FIX.page.with(&token)) && !holds_a_token("/transfer"));
    }

    #[test]
    fn the_boot_script_loads_the_transfer_staff_and_help_bundles_for_the_same_pages() {
        let boot = include_str!("../../public/boot.js");
        for bundle in [&TRANSFER_BUNDLE[..], &STAFF_BUNDLE[..], &HELP_BUNDLE[..]] {
            let roots: Vec<String> = bundle.iter().map(|root| root[1..].replace('/', "\\/")).collect();
            let rule = format!("/^\\/({})(\\/|$)/", roots.join("|"));
            assert!(boot.contains(&rule), "public/boot.js should test {rule}");
        }
    }
}
