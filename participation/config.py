"""Safe, non-secret defaults. Deployments override them in instance/config.py or PARTICIPATION_* env vars."""


class Defaults:
    # Only for local `flask ...` commands; wsgi.py refuses to serve with it.
    SECRET_KEY = "dev"
    SQLALCHEMY_DATABASE_URI = "sqlite:///participation.sqlite"  # relative: lands in instance/
    # UI locales with a gettext catalogue; Leichte Sprache is a choice on top of "de" (see i18n.py).
    LANGUAGES = ["de", "en", "ar", "fa", "uk", "ru", "tr"]
    # Staff pages are written in German and English only.
    STAFF_LANGUAGES = ["de", "en"]
    BABEL_DEFAULT_LOCALE = "de"
    BABEL_DEFAULT_TIMEZONE = "Europe/Berlin"
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_HTTPONLY = True
    # A QR form may sit open on a phone for hours; an expired token must never cost an answer.
    WTF_CSRF_TIME_LIMIT = None
    WTF_I18N_ENABLED = True
    MAX_CONTENT_LENGTH = 256 * 1024
    # Small-group protection: no published count or breakdown describes fewer young people than this.
    MIN_GROUP_SIZE = 5
    # The rendered answer form is reused for this many seconds per process (0 = off): a staff change
    # shows after at most this long on the form; every answer is still checked against the database.
    PUBLIC_PAGE_CACHE_SECONDS = 5
    # Static files are named by their content hash (assets.asset_url), so they may be cached for a year.
    SEND_FILE_MAX_AGE_DEFAULT = 365 * 24 * 3600
    # Outages: seconds to wait for a PostgreSQL connection, and milliseconds any statement may run
    # (maintenance commands lift the limit for themselves: participation.sql.lift_statement_timeout).
    DATABASE_CONNECT_TIMEOUT = 3
    DATABASE_STATEMENT_TIMEOUT_MS = 5000
    # Seconds a SQLite writer waits for another one before it gives up ("database is locked").
    SQLITE_BUSY_TIMEOUT = 10
    # Seconds /healthz waits for the database before it answers 503.
    HEALTH_TIMEOUT = 2
    # Seconds a young person is asked to wait before sending again while the database is away.
    RETRY_AFTER_SECONDS = 10
    # Data minimisation: days after an offer's results were published (or its answering ended, when they
    # never were) until `flask purge` deletes its raw free text and per-answer rows.
    RETENTION_DAYS = 365
    # Kinderschutz (issue 14): a concern text and its case follow their own rule, not RETENTION_DAYS: kept
    # while the case is open (someone must deal with it), deleted by `flask purge` this many days after
    # the case was closed. The offer's own purge leaves concern texts alone.
    CONCERN_RETENTION_DAYS = 90
    # /metrics answers only for requests to this host name (e.g. "127.0.0.1", the app server itself;
    # the proxy only forwards the public name). None: no metrics at all.
    METRICS_HOST = None
    # The staff log (what was done, by which account id) goes to stderr at this level.
    LOG_LEVEL = "INFO"
    # Staff sessions end after this long without a request, and in any case this long after login.
    STAFF_IDLE_MINUTES = 30
    STAFF_SESSION_HOURS = 12
    # Administrators and accounts with a moderator right must set up the TOTP second factor.
    SECOND_FACTOR_REQUIRED = True
    # Flask-Limiter: "memory://" for one process (the demo); "redis://127.0.0.1:6379/0" for every
    # gunicorn worker and server to share one count. Addresses live there only for a limit's window.
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_KEY_PREFIX = "mitreden"
    RATELIMIT_HEADERS_ENABLED = False
    # Staff passwords and recovery codes: Werkzeug's scrypt at its default cost (N = 32768, about 80 ms
    # per hash here). The tests lower it, since they make over a thousand hashes.
    PASSWORD_HASH_METHOD = "scrypt"
    # Wrong passwords or codes, per account and per client address (several staff share an office).
    LOGIN_LIMITS_PER_ACCOUNT = "5 per 15 minutes; 10 per hour; 20 per day"
    LOGIN_LIMITS_PER_ADDRESS = "30 per 15 minutes; 100 per day"
    # Answers per client address and offer: a class of 30 behind one school address gets through in a
    # minute; a script sending hundreds is slowed to this.
    ANSWER_LIMITS = "60 per minute; 300 per hour"
    # Kiosk links (one shared tablet for a group): days a new link is valid by default (at most 30),
    # seconds the thank-you page shows before the empty form for the next person, and the answers one
    # kiosk link may send (per link, not per address: a youth club's tablet shares its network).
    KIOSK_DAYS = 7
    KIOSK_RESET_SECONDS = 8
    KIOSK_LIMITS = "40 per minute; 600 per hour"
    # The velocity alarm: an hour with at least this many answers and this many times the offer's usual
    # hourly rate is flagged to its youth workers and to planners.
    BURST_MIN_ANSWERS = 40
    BURST_FACTOR = 5
    # The public address of the platform (e.g. "https://mitreden.leipzig.de"): every external link, QR code
    # and poster uses it, whatever Host or X-Forwarded-Host a request claims. None: the request's host
    # (local use only; wsgi.py asks for it in production).
    PUBLIC_BASE_URL = None
    # A sliding window: no double burst where two fixed windows meet.
    RATELIMIT_STRATEGY = "moving-window"
    # Redis away: the login limits go on per process, in memory, rather than failing open.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    # Flask-WTF's Referer check over HTTPS refuses browsers that send no Referer; guards.is_cross_site
    # checks Sec-Fetch-Site and Origin instead (and the CSRF token is checked as before).
    WTF_CSRF_SSL_STRICT = False
