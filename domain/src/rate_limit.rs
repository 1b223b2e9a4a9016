//! Rate limits on what sends email: who is counted, and when to refuse.

use std::net::IpAddr;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::RegistryNumber;

/// What a client's address (or a number) is kept as in a counter: an HMAC under a key of the
/// day, derived from a secret (`RATE_LIMIT_SECRET`) — so that a counter names
/// nobody to whoever reads the table (a plain hash of every IPv4 address is a
/// table anyone can compute), and a day's counters cannot be tied to the next
/// day's. Counters last an hour, and an hour is never in two days.
pub struct BucketKey([u8; 32]);

impl BucketKey {
    /// The key of the UTC day holding `unix_seconds`.
    pub fn of_the_day(secret: &str, unix_seconds: i64) -> Self {
        let day = unix_seconds.div_euclid(86_400);
        Self(hmac(secret.as_bytes(), format!("rate-limit-day:{day}").as_bytes()))
    }

    fn client(&self, client_ip: &str) -> String {
        self.hashed(&client_network(client_ip))
    }

    fn hashed(&self, text: &str) -> String {
        let mut hash = crate::hex::hex(&hmac(&self.0, text.as_bytes()));
        hash.truncate(24);
        hash
    }
}

fn hmac(key: &[u8], message: &[u8]) -> [u8; 32] {
    // HMAC takes a key of any length: `new_from_slice` cannot fail for it.
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// What a person is told when over a limit.
pub const TOO_MANY_REQUESTS: &str = concat!(
    "You have made too many requests. Please wait an hour and try again, or contact ",
    crate::the_help_desk!(),
    "."
);

/// The counters one transfer request adds to: its client's address, and the
/// National Registry number it is about, each kept only as a keyed hash. Past
/// either count's limit the client meets a check ([`crate::challenge`]), never
/// a refusal: anyone may type an examiner's number, and a refusal counted by
/// it would let them lock the examiner out. What a claim can cost an examiner
/// — emails — is limited per account as well ([`TRANSFER_EMAILS_PER_HOUR`]).
pub fn transfer_buckets(key: &BucketKey, client_ip: &str, registry_number: &RegistryNumber) -> [String; 2] {
    [
        format!("transfer-ip:{}", key.client(client_ip)),
        format!("transfer-number:{}", key.hashed(registry_number.as_str())),
    ]
}

/// Transfer emails one account gets in an hour, whoever claims it: the claim
/// is decided all the same (and answered with the same words), only no
/// further email is sent — the owner has the ones sent already.
pub const TRANSFER_EMAILS_PER_HOUR: i64 = 3;

/// Email changes a signed-in person may ask for in an hour: each sends an email.
pub const EMAIL_CHANGES_PER_HOUR: i64 = 5;

/// The counters one email-change request adds to: the account, and the client's address.
pub fn email_change_buckets(key: &BucketKey, account_id: i64, client_ip: &str) -> [String; 2] {
    [format!("email-change-account:{account_id}"), format!("email-change-ip:{}", key.client(client_ip))]
}

/// The counter of sign-ins refused before anyone was identified (a login.gov
/// error, no state, an unknown one) from one client: over its limit, a refusal
/// is answered as before, but no longer logged and audited, so that junk sent
/// to the callback cannot write without end.
pub fn sign_in_refusal_buckets(key: &BucketKey, client_ip: &str) -> [String; 1] {
    [format!("sign-in-refused-ip:{}", key.client(client_ip))]
}

/// The client a limit counts: an IPv4 address, or an IPv6 address's /64. One
/// home or phone is given a whole /64, and would otherwise count as endless
/// clients. What is no address counts as itself.
fn client_network(client_ip: &str) -> String {
    match client_ip.trim().parse::<IpAddr>() {
        Ok(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let [a, b, c, d, ..] = v6.segments();
                format!("{a:x}:{b:x}:{c:x}:{d:x}::/64")
            }
        },
        Ok(IpAddr::V4(v4)) => v4.to_string(),
        Err(_) => client_ip.to_owned(),
    }
}

/// Allowed while every count, this one included, is within its limit.
pub fn allowed(hits_and_limits: &[(i64, i64)]) -> bool {
    hits_and_limits.iter().all(|(hits, limit)| hits <= limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fifth_request_in_an_hour_is_allowed_and_the_sixth_is_not() {
        assert!(allowed(&[(5, 5), (1, 30)]));
        assert!(!allowed(&[(6, 5), (1, 30)]));
        assert!(!allowed(&[(1, 5), (31, 30)]));
    }

    #[test]
    fn the_client_address_and_the_number_are_counted_but_not_kept() {
        let key = BucketKey::of_the_day("secret", 1_796_450_400);
        let number = RegistryNumber::parse("1234567890").unwrap();
        let [by_ip, by_number] = transfer_buckets(&key, "203.0.113.7", &number);
        assert!(by_ip.starts_with("transfer-ip:") && !by_ip.contains("203.0.113.7"));
        assert!(by_number.starts_with("transfer-number:") && !by_number.contains("1234567890"));
        assert_ne!(by_ip, transfer_buckets(&key, "203.0.113.8", &number)[0]);
        assert_eq!(by_number, transfer_buckets(&key, "203.0.113.8", &number)[1], "one number, from anywhere");
        // Not the plain hash anyone could compute for every address.
        assert!(!by_ip.contains(&crate::hex::sha256_hex("203.0.113.7")[..24]));
    }

    #[test]
    fn a_clients_counter_is_the_same_all_day_and_another_the_next_day_or_under_another_secret() {
        let day = 1_796_428_800; // 2026-12-04T00:00:00Z
        let number = RegistryNumber::parse("1234567890").unwrap();
        let at = |secret: &str, seconds: i64| {
            transfer_buckets(&BucketKey::of_the_day(secret, seconds), "203.0.113.7", &number)
        };
        assert_eq!(at("secret", day), at("secret", day + 86_399));
        assert_ne!(at("secret", day), at("secret", day + 86_400));
        assert_ne!(at("secret", day), at("another secret", day));
    }

    #[test]
    fn an_ipv6_client_is_counted_by_its_64_and_a_mapped_ipv4_as_the_ipv4() {
        assert_eq!(client_network("2001:db8:85a3:12::1"), "2001:db8:85a3:12::/64");
        assert_eq!(client_network("2001:0db8:85a3:0012:ffff:eeee:dddd:cccc"), "2001:db8:85a3:12::/64");
        assert_eq!(client_network("::ffff:203.0.113.7"), "203.0.113.7");
        assert_eq!(client_network("203.0.113.7"), "203.0.113.7");
        assert_eq!(client_network(""), "");
        let key = BucketKey::of_the_day("secret", 0);
        let [_, one] = email_change_buckets(&key, 1, "2001:db8:85a3:12::1");
        let [_, same_home] = email_change_buckets(&key, 1, "2001:db8:85a3:12:aaaa::2");
        let [_, next_door] = email_change_buckets(&key, 1, "2001:db8:85a3:13::1");
        assert_eq!(one, same_home);
        assert_ne!(one, next_door);
    }
}
