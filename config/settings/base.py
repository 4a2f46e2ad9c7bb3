"""Settings shared by every environment. Values that differ per deployment come from the
environment through the typed helpers in ``config.env``; nothing secret has a default here.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str, env_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("ENGAGEQC_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
# SEC-26: Fernet keys for personal data at rest, comma-separated, newest first (core.crypto).
# Production refuses to start without them; dev.py and test.py provide their own.
FIELD_ENCRYPTION_KEYS = env_list("ENGAGEQC_FIELD_KEYS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "core",
    "clients",
    "staff",
    "engagements",
    "quality",
    "risk",
    "documents",
    "core.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.middleware.ApplicationErrorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.navigation",
            ],
        },
    },
]

# --- Database: DATABASE_URL → Postgres; unset → the embedded SQLite file under var/ ----------
DATABASE_URL = env_url(
    "DATABASE_URL",
    f"sqlite:///{VAR_DIR / 'engageqc.sqlite3'}",
    schemes=("postgres", "postgresql", "sqlite"),
)
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # WAL lets the web process read while the worker writes (the embedded default runs both).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "staff.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions live in the database so pages keep working when Redis is down (SEC-29).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env_int("ENGAGEQC_SESSION_SECONDS", 8 * 3600, minimum=300)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# --- i18n ------------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static files: our CSS plus front-end packages installed from npm at set-up time ----------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

# --- Documents: uploads (SEC-17) and storage -------------------------------------------------
# Files are stored under random names and served only through authorising views (SEC-5);
# nothing routes /media/. HTML, SVG and XML are never accepted.
DOCUMENTS_ALLOWED_EXTENSIONS = env_str(
    "ENGAGEQC_UPLOAD_EXTENSIONS", "pdf,docx,xlsx,pptx,doc,xls,ppt,png,jpg,jpeg,txt,csv"
).split(",")
DOCUMENTS_MAX_UPLOAD_BYTES = env_int("ENGAGEQC_UPLOAD_MAX_MB", 50, minimum=1) * 1024 * 1024
# Any S3-compatible store (AWS S3, MinIO, Ceph, OSS/COS S3 endpoints) for several machines:
# set ENGAGEQC_S3_BUCKET and install django-storages with boto3 (see README, Deployment).
S3_BUCKET = env_str("ENGAGEQC_S3_BUCKET", "")
if S3_BUCKET:
    import importlib.util

    from django.core.exceptions import ImproperlyConfigured

    if importlib.util.find_spec("storages") is None:
        raise ImproperlyConfigured(
            'ENGAGEQC_S3_BUCKET is set but django-storages is missing: uv add "django-storages[s3]"'
        )
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {  # type: ignore[dict-item]
            "bucket_name": S3_BUCKET,
            "endpoint_url": env_str("ENGAGEQC_S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("ENGAGEQC_S3_REGION", "") or None,
            "access_key": env_str("ENGAGEQC_S3_ACCESS_KEY", "") or None,
            "secret_key": env_str("ENGAGEQC_S3_SECRET_KEY", "") or None,
            "location": env_str("ENGAGEQC_S3_PREFIX", "media"),
            # Never public: files leave only through the authorising views (SEC-5).
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

# --- Security headers (SEC-10) ---------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# --- Login throttling (SEC-7) ----------------------------------------------------------------
AXES_FAILURE_LIMIT = env_int("ENGAGEQC_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The client IP is read from X-Forwarded-For only when a trusted proxy hop is configured.
AXES_IPWARE_PROXY_COUNT = env_int("ENGAGEQC_TRUSTED_PROXY_COUNT", 0, minimum=0)
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)

# --- Second factor (SEC-8): TOTP from django-otp; wrong codes back off exponentially -------
OTP_TOTP_ISSUER = "EngageQC"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# How long the code step of a two-step sign-in waits after the password step.
SECOND_FACTOR_LOGIN_SECONDS = 300
SECOND_FACTOR_RECOVERY_CODES = 10

# --- REST API --------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: its challenge header makes anonymous API calls answer 401, not 403.
        "core.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "EngageQC API",
    "DESCRIPTION": "Consulting engagements under a written quality standard.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI served from the installed sidecar package, never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # One schema name per choice set used by several fields.
    "ENUM_NAME_OVERRIDES": {
        "StageEnum": "engagements.choices.Stage",
        # reports
        "ReportsKindEnum": "core.reports.choices.ReportKind",
        "ReportsJobStatusEnum": "core.reports.choices.JobStatus",
        # risk
        "RiskLikelihoodEnum": "risk.choices.Likelihood",
        "RiskImpactEnum": "risk.choices.Impact",
        "RiskIdentificationMethodEnum": "risk.choices.IdentificationMethod",
        "RiskStrategyEnum": "risk.choices.Strategy",
        "RiskTransferModeEnum": "risk.choices.TransferMode",
        "RiskStatusEnum": "risk.choices.RiskStatus",
        "RiskIncidentSeverityEnum": "risk.choices.Severity",
        "RiskIncidentStatusEnum": "risk.choices.IncidentStatus",
        "RiskTimelineKindEnum": "risk.choices.TimelineKind",
        # staff
        "StaffPlanPeriodEnum": "staff.choices.PlanPeriod",
        "StaffAppraisalStatusEnum": "staff.choices.AppraisalStatus",
        "StaffRatingEnum": "staff.choices.Rating",
        "StaffRaciEnum": "staff.choices.Raci",
        "StaffViolationOutcomeEnum": "staff.choices.ViolationOutcome",
        # documents
        "DocumentConfidentialityEnum": "documents.choices.Confidentiality",
        "DocumentTypeEnum": "documents.choices.DeliverableType",
        "DocumentMaterialFormEnum": "documents.choices.MaterialForm",
        "DocumentMaterialStatusEnum": "documents.choices.MaterialStatus",
        "DocumentMaterialDisposalEnum": "documents.choices.DISPOSAL_CHOICES",
        "DocumentPackageStatusEnum": "documents.choices.PackageStatus",
        "DocumentAuditOutcomeEnum": "documents.choices.AuditOutcome",
        "DocumentDownloadChannelEnum": "documents.models.access.DownloadLog.Channel",
        "DocumentAuditFindingKindEnum": "documents.models.archive.AuditFinding.Kind",
        # quality: three-level review
        "QualityFindingSeverityEnum": "quality.choices.FindingSeverity",
        "QualityDefectSourceEnum": "quality.choices.DefectSource",
        # quality: audits, KPIs and actions
        "QualityAuditKindEnum": "quality.models.audits.AuditKind",
        "QualityAuditStatusEnum": "quality.models.audits.AuditStatus",
        "QualityGradeEnum": "quality.models.audits.Grade",
        "QualitySamplePopulationEnum": "quality.models.audits.SamplePopulation",
        "QualityKpiDirectionEnum": "quality.models.improvement.KpiDirection",
        "QualityKpiStatusEnum": "quality.models.improvement.KpiStatus",
        "QualityPdcaStageEnum": "quality.models.improvement.PdcaStage",
        "QualityActionKindEnum": "quality.models.improvement.ActionKind",
        "QualityActionSourceEnum": "quality.models.improvement.ActionSource",
        "QualityProblemNatureEnum": "quality.models.improvement.ProblemNature",
        "QualitySeverityEnum": "quality.models.improvement.Severity",
        "ChannelEnum": "engagements.choices.Channel",
        # clients
        "ClientsComplaintChannelEnum": "clients.choices.ComplaintChannel",
        "ClientsComplaintNatureEnum": "clients.choices.ComplaintNature",
        "ClientsComplaintSeverityEnum": "clients.choices.ComplaintSeverity",
        "ClientsComplaintStatusEnum": "clients.choices.ComplaintStatus",
        "ClientsReplyKindEnum": "clients.choices.ReplyKind",
        "ClientsSurveyOccasionEnum": "clients.choices.SurveyOccasion",
        "ClientsSurveyStatusEnum": "clients.choices.SurveyStatus",
        "ClientsConsentPurposeEnum": "clients.choices.ConsentPurpose",
        "ClientsConsentChannelEnum": "clients.choices.ConsentChannel",
        "ClientsCommunicationChannelEnum": "clients.choices.CommunicationChannel",
        "ClientsSupportKindEnum": "clients.choices.SupportKind",
        "ClientsSupportChannelEnum": "clients.choices.SupportChannel",
        "ClientsSupportStatusEnum": "clients.choices.SupportStatus",
        "ClientsRevisitMethodEnum": "clients.choices.RevisitMethod",
        "ClientsRevisitStatusEnum": "clients.choices.RevisitStatus",
        "ClientsPrivacyActionEnum": "clients.choices.PrivacyAction",
        "ClientsCommunicationDirectionEnum": "clients.choices.CommunicationDirection",
        # core: webhooks
        "CoreWebhookEventEnum": "core.webhooks.events.EVENT_CHOICES",
        "CoreWebhookDeliveryStatusEnum": "core.models.webhooks.DeliveryStatus",
    },
}

# --- Celery: Redis when REDIS_URL is set, else kombu's filesystem transport under var/ --------
REDIS_URL = env_url("REDIS_URL", "", schemes=("redis", "rediss", "")) or None
CELERY_FS_BROKER_DIR = VAR_DIR / "broker"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {
        # Longer than any countdown; an unacknowledged task of a lost worker is redelivered
        # after it (SEC-28). The fault test shortens it.
        "visibility_timeout": env_int("ENGAGEQC_BROKER_VISIBILITY_SECONDS", 3600, minimum=1),
        "socket_timeout": 5,
        "socket_connect_timeout": 3,
    }
else:
    CELERY_BROKER_URL = "filesystem://"
    # kombu's filesystem transport expects its folders to exist in every process that uses it.
    for _folder in ("processed", "control"):
        (CELERY_FS_BROKER_DIR / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_FS_BROKER_DIR),
        "data_folder_out": str(CELERY_FS_BROKER_DIR),
        "processed_folder": str(CELERY_FS_BROKER_DIR / "processed"),
        "control_folder": str(CELERY_FS_BROKER_DIR / "control"),
        "store_processed": False,
    }
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing must fail fast when the broker is frozen or down (SEC-29): few, short retries.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
CELERY_TIMEZONE = TIME_ZONE
# PDF reports render on their own queue and worker so a long report never delays SLA work
# (the Procfile runs a "reports" worker; the default worker consumes "celery").
CELERY_TASK_ROUTES = {"core.reports.tasks.*": {"queue": "reports"}}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
HEARTBEAT_INTERVAL_SECONDS = env_int("ENGAGEQC_HEARTBEAT_SECONDS", 30, minimum=1)
# /healthz calls the worker or beat stale when its last heartbeat is older than this.
HEARTBEAT_STALE_AFTER_SECONDS = env_int("ENGAGEQC_HEARTBEAT_STALE_SECONDS", 180, minimum=10)
SLA_SWEEP_SECONDS = env_int("ENGAGEQC_SLA_SWEEP_SECONDS", 60, minimum=5)
# How often the dashboards' precomputed monthly figures are refreshed (P8).
DASHBOARD_REFRESH_SECONDS = env_int("ENGAGEQC_DASHBOARD_REFRESH_SECONDS", 600, minimum=30)
RISK_WARNING_SWEEP_SECONDS = env_int("ENGAGEQC_RISK_WARNING_SWEEP_SECONDS", 900, minimum=30)
# Outgoing webhooks: attempts per delivery, back-off base (1, 2, 4 … times), request timeout.
WEBHOOK_SWEEP_SECONDS = env_int("ENGAGEQC_WEBHOOK_SWEEP_SECONDS", 30, minimum=5)
WEBHOOK_MAX_ATTEMPTS = env_int("ENGAGEQC_WEBHOOK_MAX_ATTEMPTS", 6, minimum=1)
WEBHOOK_RETRY_BASE_SECONDS = env_int("ENGAGEQC_WEBHOOK_RETRY_BASE_SECONDS", 60, minimum=0)
WEBHOOK_TIMEOUT_SECONDS = env_int("ENGAGEQC_WEBHOOK_TIMEOUT_SECONDS", 10, minimum=1)
# SSRF guard: private, loopback and link-local receivers are refused unless listed here
# (exact addresses, e.g. an integration host on the firm's own network).
WEBHOOK_ALLOWED_PRIVATE_ADDRESSES = env_list("ENGAGEQC_WEBHOOK_ALLOWED_PRIVATE_ADDRESSES", [])
# A few static entries, each one sweep query — never an ETA task per object (STACK.md).
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {
        "task": "core.tasks.heartbeat",
        "schedule": float(HEARTBEAT_INTERVAL_SECONDS),
        "options": {"expires": float(HEARTBEAT_INTERVAL_SECONDS) * 4},
    },
    "sla-sweep": {
        "task": "core.tasks.sla_sweep",
        "schedule": float(SLA_SWEEP_SECONDS),
        "options": {"expires": float(SLA_SWEEP_SECONDS) * 2},
    },
    # Picks up e-mails whose on-commit publish was lost (broker down): SEC-29.
    "notifications-deliver": {
        "task": "core.tasks.notifications_deliver",
        "schedule": 60.0,
        "options": {"expires": 120.0},
    },
    "notifications-digest": {
        "task": "core.tasks.notifications_digest",
        "schedule": crontab(hour=8, minute=30),
    },
    "calendar-coverage": {
        "task": "core.tasks.calendar_coverage_check",
        "schedule": crontab(hour=9, minute=0),
    },
    # --- risk: early-warning indicators (RSK-6); overdue risk reviews ride on sla-sweep ---
    "risk-early-warning-sweep": {
        "task": "risk.tasks.early_warning_sweep",
        "schedule": float(RISK_WARNING_SWEEP_SECONDS),
        "options": {"expires": float(RISK_WARNING_SWEEP_SECONDS) * 2},
    },
    # --- staff: certificate expiry alerts (STF-1), one daily sweep ---
    "staff-certificate-expiry": {
        "task": "staff.tasks.certificate_expiry_sweep",
        "schedule": crontab(hour=7, minute=30),
    },
    # --- documents: sweeps for lost publishes (text extraction, archive builds) and the
    # weekly document audit (DOC-6).
    "documents-extract-text": {
        "task": "documents.tasks.extract_text_sweep",
        "schedule": 300.0,
        "options": {"expires": 600.0},
    },
    "documents-archive-packages": {
        "task": "documents.tasks.archive_package_sweep",
        "schedule": 300.0,
        "options": {"expires": 600.0},
    },
    "documents-audit": {
        "task": "documents.tasks.document_audit",
        "schedule": crontab(day_of_week=1, hour=2, minute=0),
    },
    # --- quality: audits, KPIs and actions (QC-12): one sweep over the objectives ---
    "quality-kpi-sweep": {
        "task": "quality.tasks.kpi_sweep",
        "schedule": crontab(minute=15),
        "options": {"expires": 3000.0},
    },
    # --- clients: portal complaints whose intake task was never published (P3, SEC-29) ---
    "clients-complaint-intake": {
        "task": "clients.tasks.complaint_intake_sweep",
        "schedule": float(SLA_SWEEP_SECONDS),
        "options": {"expires": float(SLA_SWEEP_SECONDS) * 2},
    },
    # --- clients: survey expiry, missed sends and reminders; the quarterly round (CRM-4) ---
    "clients-surveys-sweep": {
        "task": "clients.tasks.surveys_sweep",
        "schedule": crontab(minute=15),
    },
    "clients-surveys-quarterly": {
        "task": "clients.tasks.surveys_quarterly_round",
        "schedule": crontab(day_of_month=1, month_of_year="1,4,7,10", hour=9, minute=30),
    },
    # --- clients: personal data past its retention period (SEC-27), one nightly purge ---
    "clients-retention-purge": {
        "task": "clients.tasks.retention_purge",
        "schedule": crontab(hour=3, minute=40),
    },
    # --- reports: render jobs whose publish was lost (SEC-29) ---
    "reports-sweep": {
        "task": "core.reports.tasks.reports_sweep",
        "schedule": 300.0,
        "options": {"expires": 600.0},
    },
    # --- exports and dashboards (P8, P9): precomputed monthly figures; expired export files ---
    "dashboard-figures-refresh": {
        "task": "core.tasks.dashboard_figures_refresh",
        "schedule": float(DASHBOARD_REFRESH_SECONDS),
        "options": {"expires": float(DASHBOARD_REFRESH_SECONDS) * 2},
    },
    "export-jobs-purge": {
        "task": "core.tasks.export_jobs_purge",
        "schedule": crontab(hour=3, minute=10),
    },
    # --- webhooks: retries with back-off and deliveries whose publish was lost (SEC-29) ---
    "webhooks-sweep": {
        "task": "core.tasks.webhooks_sweep",
        "schedule": float(WEBHOOK_SWEEP_SECONDS),
        "options": {"expires": float(WEBHOOK_SWEEP_SECONDS) * 2},
    },
}

# Absolute links in e-mails point here.
ENGAGEQC_BASE_URL = env_str("ENGAGEQC_BASE_URL", "http://127.0.0.1:8000")

# --- Mail ------------------------------------------------------------------------------------
MAILERS: dict[str, dict[str, object]] = {
    "default": {
        "BACKEND": env_str(
            "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
        ),
    },
}
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "EngageQC <noreply@engageqc.local>")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # WeasyPrint logs every layout step at INFO; only problems matter.
        "weasyprint": {"level": "WARNING"},
    },
}
