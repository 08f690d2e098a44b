//! `fetch`: HTTP GET with the manners and limits of a good feed reader: a User-Agent naming the
//! product, connect and total timeouts, a maximum body size, a redirect limit, conditional GET,
//! gzip and brotli, and a guard that keeps user-given URLs away from private addresses.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use std::collections::HashMap;
use std::sync::Mutex;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reqwest::header;
use tokio::sync::Semaphore;

use super::robots;

/// The User-Agent sent with every request.
pub const USER_AGENT: &str = concat!(
    "Kurzgefasst/",
    env!("CARGO_PKG_VERSION"),
    " (self-hosted news digest; feed reader)"
);

/// Least milliseconds between the starts of two requests to one host unless configured
/// (`--host-interval-ms`): the politeness that paces each host, whatever runs at once elsewhere.
pub const DEFAULT_HOST_INTERVAL_MS: u64 = 250;

/// Requests in flight to one host at most.
pub const DEFAULT_PER_HOST: usize = 4;

/// Limits and policy of a [`Fetcher`].
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// Time to establish a connection.
    pub connect_timeout: Duration,
    /// Time for the whole request, body included.
    pub total_timeout: Duration,
    /// Largest body accepted, in bytes.
    pub max_body: usize,
    /// Redirects followed at most.
    pub max_redirects: usize,
    /// Allow loopback, private, link-local and metadata addresses (tests, private networks).
    pub allow_private: bool,
    /// `host:port` pairs allowed even when private (a finer alternative to `allow_private`).
    pub allow_hosts: Vec<String>,
    /// Requests in flight to one host at most.
    pub per_host: usize,
    /// Least time between the starts of two requests to one host.
    pub host_min_gap: Duration,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            connect_timeout: Duration::from_secs(10),
            total_timeout: Duration::from_secs(30),
            max_body: 10 * 1024 * 1024,
            max_redirects: 5,
            allow_private: false,
            allow_hosts: Vec::new(),
            per_host: DEFAULT_PER_HOST,
            host_min_gap: Duration::from_millis(DEFAULT_HOST_INTERVAL_MS),
        }
    }
}

/// A response that passed every limit.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The URL after redirects.
    pub url: String,
    /// True when the server answered 304 Not Modified (the body is then empty).
    pub not_modified: bool,
    /// True when a redirect on the way was permanent (301/308).
    pub permanent_redirect: bool,
    /// The `Content-Type` header.
    pub content_type: Option<String>,
    /// The `ETag` header.
    pub etag: Option<String>,
    /// The `Last-Modified` header.
    pub last_modified: Option<String>,
    /// `max-age` of the `Cache-Control` header, in seconds.
    pub max_age: Option<u64>,
    /// The body, decompressed.
    pub body: Vec<u8>,
}

/// Why a fetch failed; [`FetchError::kind`] is what the source's health shows.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// The URL is not an http(s) URL.
    #[error("invalid URL {0:?}")]
    InvalidUrl(String),
    /// The URL (or a redirect, or the host's DNS answer) points at a private address.
    #[error("blocked: {0} resolves to a private or local address")]
    Blocked(String),
    /// The server answered with an error status.
    #[error("HTTP {status} for {url}")]
    Status {
        /// The status code.
        status: u16,
        /// The URL that answered.
        url: String,
        /// Seconds from a `Retry-After` header, if any.
        retry_after: Option<u64>,
    },
    /// The body was larger than allowed.
    #[error("response larger than {limit} bytes from {url}")]
    TooLarge {
        /// The limit.
        limit: usize,
        /// The URL.
        url: String,
    },
    /// Connecting or reading took too long.
    #[error("timed out fetching {0}")]
    Timeout(String),
    /// Too many redirects.
    #[error("too many redirects from {0}")]
    Redirects(String),
    /// Any other network error.
    #[error("network error fetching {url}: {message}")]
    Network {
        /// The URL.
        url: String,
        /// What the network stack said.
        message: String,
        /// Its class, for the reader (see [`crate::problem::Problem`]).
        cause: NetCause,
    },
}

/// What kind of network failure a [`FetchError::Network`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NetCause {
    /// The host name could not be resolved.
    Dns,
    /// The connection was refused.
    Refused,
    /// The TLS handshake or the certificate failed.
    Tls,
    /// Anything else (reset, closed, unreachable, a protocol error).
    Other,
}

impl FetchError {
    /// A short, stable name of the error's kind (`http`, `timeout`, `network`, `blocked`, …).
    pub fn kind(&self) -> &'static str {
        match self {
            FetchError::InvalidUrl(_) => "invalid_url",
            FetchError::Blocked(_) => "blocked",
            FetchError::Status { .. } => "http",
            FetchError::TooLarge { .. } => "too_large",
            FetchError::Timeout(_) => "timeout",
            FetchError::Redirects(_) => "redirects",
            FetchError::Network { cause, .. } => match cause {
                NetCause::Dns => "dns",
                NetCause::Refused => "refused",
                NetCause::Tls => "tls",
                NetCause::Other => "network",
            },
        }
    }
}

/// True for addresses a user-given URL must not reach: loopback, private, link-local (and with
/// it the cloud metadata address), shared, unspecified, multicast and broadcast.
pub fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || o[0] == 0
                || (o[0] == 100 && (o[1] & 0xc0) == 64)
                || (o[0] == 192 && o[1] == 0 && o[2] == 0)
                || o[0] >= 240
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_private(IpAddr::V4(v4));
            }
            let s = v6.segments();
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (s[0] & 0xfe00) == 0xfc00
                || (s[0] & 0xffc0) == 0xfe80
        }
    }
}

/// A DNS resolver that drops private addresses, so a host name cannot smuggle a request to one.
struct GuardedResolver {
    /// Host names (without port) allowed to resolve to private addresses.
    allow: Vec<String>,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_string();
        let allowed = self
            .allow
            .iter()
            .any(|a| a.rsplit_once(':').map_or(a.as_str(), |(h, _)| h) == host);
        Box::pin(async move {
            let addrs: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let public: Vec<SocketAddr> = addrs
                .into_iter()
                .filter(|a| allowed || !is_private(a.ip()))
                .collect();
            if public.is_empty() {
                return Err(
                    Box::new(FetchError::Blocked(host)) as Box<dyn std::error::Error + Send + Sync>
                );
            }
            Ok(Box::new(public.into_iter()) as Addrs)
        })
    }
}

/// Whether a URL's host is an IP literal in a private range.
fn literal_private(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => is_private(IpAddr::V4(ip)),
        Some(url::Host::Ipv6(ip)) => is_private(IpAddr::V6(ip)),
        Some(url::Host::Domain(d)) => {
            d.eq_ignore_ascii_case("localhost") || d.ends_with(".localhost")
        }
        None => true,
    }
}

/// Per-host politeness: at most `per_host` requests in flight to one host, and request starts
/// at least `min_gap` apart.
struct HostLimits {
    per_host: usize,
    min_gap: Duration,
    hosts: Mutex<HashMap<String, Arc<HostSlot>>>,
}

struct HostSlot {
    sem: Arc<Semaphore>,
    next_start: tokio::sync::Mutex<tokio::time::Instant>,
}

impl HostLimits {
    async fn acquire(&self, host: &str) -> tokio::sync::OwnedSemaphorePermit {
        let slot = {
            let mut map = self.hosts.lock().unwrap_or_else(|e| e.into_inner());
            Arc::clone(map.entry(host.to_string()).or_insert_with(|| {
                Arc::new(HostSlot {
                    sem: Arc::new(Semaphore::new(self.per_host.max(1))),
                    next_start: tokio::sync::Mutex::new(tokio::time::Instant::now()),
                })
            }))
        };
        let permit = Arc::clone(&slot.sem)
            .acquire_owned()
            .await
            .expect("host semaphore is never closed");
        if !self.min_gap.is_zero() {
            let mut next = slot.next_start.lock().await;
            let now = tokio::time::Instant::now();
            if *next > now {
                tokio::time::sleep_until(*next).await;
            }
            *next = (*next).max(now) + self.min_gap;
        }
        permit
    }
}

/// robots.txt of one origin: when it was read and its rules. One slot per origin behind an
/// async lock, so the pages of one host that start together wait for one request instead of
/// each asking (and each taking a turn of the host's spacing).
type RobotsSlot = Arc<tokio::sync::Mutex<Option<(i64, Arc<robots::Robots>)>>>;

/// An HTTP client for feeds and article pages.
#[derive(Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    opts: Arc<FetchOptions>,
    hosts: Arc<HostLimits>,
    robots: Arc<Mutex<HashMap<String, RobotsSlot>>>,
}

impl Fetcher {
    /// Builds a fetcher with `opts`.
    pub fn new(opts: FetchOptions) -> Result<Fetcher, FetchError> {
        crate::install_tls_provider();
        let mut b = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .connect_timeout(opts.connect_timeout)
            .timeout(opts.total_timeout)
            .read_timeout(opts.connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .tls_backend_rustls();
        if !opts.allow_private {
            b = b.dns_resolver(Arc::new(GuardedResolver {
                allow: opts.allow_hosts.clone(),
            }));
        }
        let client = b.build().map_err(|e| FetchError::Network {
            url: String::new(),
            message: e.to_string(),
            cause: NetCause::Other,
        })?;
        let hosts = Arc::new(HostLimits {
            per_host: opts.per_host,
            min_gap: opts.host_min_gap,
            hosts: Mutex::new(HashMap::new()),
        });
        Ok(Fetcher {
            client,
            opts: Arc::new(opts),
            hosts,
            robots: Arc::new(Mutex::new(HashMap::new())),
        })
    }

    /// GETs `url`, following redirects (each hop checked against the private-address guard);
    /// with `etag`/`last_modified` it is a conditional GET.
    pub async fn get(
        &self,
        url: &str,
        etag: Option<&str>,
        last_modified: Option<&str>,
    ) -> Result<Fetched, FetchError> {
        let mut current = self.check_url(url)?;
        let mut seen = vec![current.to_string()];
        let mut all_permanent = true;
        loop {
            let host = current.host_str().unwrap_or_default().to_string();
            let permit = self.hosts.acquire(&host).await;
            let mut req = self.client.get(current.clone());
            if let Some(e) = etag {
                req = req.header(header::IF_NONE_MATCH, e);
            }
            if let Some(lm) = last_modified {
                req = req.header(header::IF_MODIFIED_SINCE, lm);
            }
            let resp = req
                .send()
                .await
                .map_err(|e| classify(current.as_str(), e))?;
            let status = resp.status();
            if status.is_redirection() && status != reqwest::StatusCode::NOT_MODIFIED {
                let location = resp
                    .headers()
                    .get(header::LOCATION)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string);
                drop(permit);
                let Some(location) = location else {
                    return Err(FetchError::Status {
                        status: status.as_u16(),
                        url: current.to_string(),
                        retry_after: None,
                    });
                };
                let next = current
                    .join(&location)
                    .map_err(|_| FetchError::InvalidUrl(location.clone()))?;
                let next = self.check_url(next.as_str())?;
                if seen.len() > self.opts.max_redirects || seen.iter().any(|s| s == next.as_str()) {
                    return Err(FetchError::Redirects(url.to_string()));
                }
                all_permanent &= matches!(status.as_u16(), 301 | 308);
                seen.push(next.to_string());
                current = next;
                continue;
            }
            let result = self.read(resp, all_permanent && seen.len() > 1).await;
            drop(permit);
            return result;
        }
    }

    /// POSTs `body` with `headers` to a user-given URL (the briefing's push and webhook
    /// channels): the private-address guard applies as for [`Fetcher::get`], redirects are not
    /// followed (a redirect is an answer like any other), the answer's status and the start of
    /// its body (at most 4 KiB, for the reader's error message) are returned.
    pub async fn post(
        &self,
        url: &str,
        headers: &[(&str, String)],
        body: Vec<u8>,
    ) -> Result<(u16, String), FetchError> {
        let target = self.check_url(url)?;
        let mut req = self.client.post(target.clone()).body(body);
        for (k, v) in headers {
            req = req.header(*k, v.as_str());
        }
        let mut resp = req.send().await.map_err(|e| classify(target.as_str(), e))?;
        let status = resp.status().as_u16();
        let mut answer = Vec::new();
        while answer.len() < 4096 {
            match resp.chunk().await {
                Ok(Some(c)) => answer.extend_from_slice(&c),
                _ => break,
            }
        }
        answer.truncate(4096);
        Ok((status, String::from_utf8_lossy(&answer).into_owned()))
    }

    /// Checks that `url` is http(s) and, unless allowed, not a private address literal.
    fn check_url(&self, url: &str) -> Result<url::Url, FetchError> {
        let parsed =
            url::Url::parse(url.trim()).map_err(|_| FetchError::InvalidUrl(url.to_string()))?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.host().is_none() {
            return Err(FetchError::InvalidUrl(url.to_string()));
        }
        if !self.opts.allow_private && literal_private(&parsed) {
            let host_port = format!(
                "{}:{}",
                parsed.host_str().unwrap_or(""),
                parsed.port_or_known_default().unwrap_or(0)
            );
            if !self.opts.allow_hosts.contains(&host_port) {
                return Err(FetchError::Blocked(url.to_string()));
            }
        }
        Ok(parsed)
    }

    async fn read(
        &self,
        mut resp: reqwest::Response,
        permanent_redirect: bool,
    ) -> Result<Fetched, FetchError> {
        let final_url = resp.url().to_string();
        let status = resp.status();
        let h = resp.headers();
        let text = |name: header::HeaderName| {
            h.get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let content_type = text(header::CONTENT_TYPE);
        let new_etag = text(header::ETAG);
        let new_lm = text(header::LAST_MODIFIED);
        let max_age = text(header::CACHE_CONTROL).and_then(|v| parse_max_age(&v));
        let retry_after = text(header::RETRY_AFTER).and_then(|v| parse_retry_after(&v));
        let mut fetched = Fetched {
            url: final_url.clone(),
            not_modified: false,
            permanent_redirect,
            content_type,
            etag: new_etag,
            last_modified: new_lm,
            max_age,
            body: Vec::new(),
        };
        if status == reqwest::StatusCode::NOT_MODIFIED {
            fetched.not_modified = true;
            return Ok(fetched);
        }
        if !status.is_success() {
            return Err(FetchError::Status {
                status: status.as_u16(),
                url: final_url,
                retry_after,
            });
        }
        let limit = self.opts.max_body;
        if resp.content_length().is_some_and(|n| n as usize > limit) {
            return Err(FetchError::TooLarge {
                limit,
                url: final_url,
            });
        }
        // Room for the announced body at once (it is within the limit), instead of growing
        // the buffer chunk by chunk; a compressed body's length says nothing of its text.
        if resp.headers().get(header::CONTENT_ENCODING).is_none() {
            if let Some(n) = resp.content_length() {
                fetched.body.reserve_exact(n as usize);
            }
        }
        while let Some(chunk) = resp.chunk().await.map_err(|e| classify(&final_url, e))? {
            if fetched.body.len() + chunk.len() > limit {
                return Err(FetchError::TooLarge {
                    limit,
                    url: final_url,
                });
            }
            fetched.body.extend_from_slice(&chunk);
        }
        Ok(fetched)
    }

    /// Whether robots.txt of `url`'s host lets this crawler fetch it. robots.txt is read once a
    /// day per host; a missing or unreadable robots.txt allows everything.
    pub async fn robots_allowed(&self, url: &str) -> bool {
        let Ok(u) = url::Url::parse(url) else {
            return false;
        };
        let origin = u.origin().ascii_serialization();
        let now = crate::store_now();
        let slot = {
            let mut map = self.robots.lock().unwrap_or_else(|e| e.into_inner());
            Arc::clone(map.entry(origin.clone()).or_default())
        };
        let rules = {
            let mut cached = slot.lock().await;
            match cached.as_ref().filter(|(t, _)| now - t < 86_400) {
                Some((_, r)) => Arc::clone(r),
                None => {
                    let r = match self.get(&format!("{origin}/robots.txt"), None, None).await {
                        Ok(f) => {
                            robots::Robots::parse(&String::from_utf8_lossy(&f.body), robots::AGENT)
                        }
                        Err(_) => robots::Robots::default(),
                    };
                    let r = Arc::new(r);
                    *cached = Some((now, Arc::clone(&r)));
                    r
                }
            }
        };
        let path = match u.query() {
            Some(q) => format!("{}?{q}", u.path()),
            None => u.path().to_string(),
        };
        rules.allowed(&path)
    }
}

/// `max-age` seconds of a Cache-Control header.
fn parse_max_age(v: &str) -> Option<u64> {
    v.split(',').find_map(|d| {
        d.trim()
            .strip_prefix("max-age=")
            .and_then(|n| n.trim().parse().ok())
    })
}

/// Retry-After as seconds: either a number or an HTTP date.
pub fn parse_retry_after(v: &str) -> Option<u64> {
    let v = v.trim();
    if let Ok(n) = v.parse::<u64>() {
        return Some(n);
    }
    let when = chrono::DateTime::parse_from_rfc2822(v).ok()?;
    Some((when.timestamp() - crate::store_now()).max(0) as u64)
}

/// Turns a reqwest error into a [`FetchError`], finding our own errors in its source chain.
fn classify(url: &str, e: reqwest::Error) -> FetchError {
    let mut src: Option<&(dyn std::error::Error + 'static)> = Some(&e);
    while let Some(s) = src {
        if let Some(fe) = s.downcast_ref::<FetchError>() {
            return match fe {
                FetchError::Blocked(h) => FetchError::Blocked(h.clone()),
                FetchError::Redirects(u) => FetchError::Redirects(u.clone()),
                other => FetchError::Network {
                    url: url.to_string(),
                    message: other.to_string(),
                    cause: NetCause::Other,
                },
            };
        }
        src = s.source();
    }
    if e.is_timeout() {
        return FetchError::Timeout(url.to_string());
    }
    let mut message = e.to_string();
    let mut cause = NetCause::Other;
    let mut src = std::error::Error::source(&e);
    while let Some(s) = src {
        message.push_str(": ");
        message.push_str(&s.to_string());
        if cause == NetCause::Other {
            cause = net_cause(s);
        }
        src = s.source();
    }
    FetchError::Network {
        url: url.to_string(),
        message,
        cause,
    }
}

/// The class of one error in a network error's chain of causes.
fn net_cause(e: &(dyn std::error::Error + 'static)) -> NetCause {
    if let Some(io) = e.downcast_ref::<std::io::Error>() {
        if io.kind() == std::io::ErrorKind::ConnectionRefused {
            return NetCause::Refused;
        }
        // An io::Error's source() skips the error it wraps: look at it directly.
        if io
            .get_ref()
            .is_some_and(|inner| inner.downcast_ref::<rustls::Error>().is_some())
        {
            return NetCause::Tls;
        }
    }
    if e.downcast_ref::<rustls::Error>().is_some() {
        return NetCause::Tls;
    }
    let text = e.to_string().to_ascii_lowercase();
    if text.starts_with("dns error")
        || text.contains("failed to lookup address")
        || text.contains("name or service not known")
    {
        NetCause::Dns
    } else if text.contains("connection refused") {
        NetCause::Refused
    } else if text.contains("certificate") || text.contains("tls handshake") {
        NetCause::Tls
    } else {
        NetCause::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_ranges() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
        ] {
            assert!(is_private(ip.parse().unwrap()), "{ip} should be private");
        }
        for ip in ["93.184.216.34", "8.8.8.8", "2a00:1450::1"] {
            assert!(!is_private(ip.parse().unwrap()), "{ip} should be public");
        }
    }
}
