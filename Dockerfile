# Production image: gunicorn web, Celery worker and beat all run from it (docker-compose.yml).
FROM python:3.13-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    UV_PYTHON_DOWNLOADS=never UV_PROJECT_ENVIRONMENT=/opt/venv PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=config.settings.production ENGAGEQC_VAR_DIR=/var/lib/engageqc

RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
      libharfbuzz-subset0 fonts-noto-cjk gettext nodejs npm postgresql-client \
 && rm -rf /var/lib/apt/lists/* \
 && pip install --no-cache-dir uv==0.13.9 \
 && useradd --system --home /app engageqc && mkdir -p /var/lib/engageqc && chown engageqc /var/lib/engageqc

WORKDIR /app
COPY pyproject.toml uv.lock package.json package-lock.json ./
RUN uv sync --frozen --no-dev && npm ci --no-audit --no-fund
COPY . .
# Build-time only keys: collectstatic and compilemessages need settings, not real secrets.
RUN DJANGO_SECRET_KEY=build-only ENGAGEQC_FIELD_KEYS=YnVpbGQtb25seS1maWVsZC1rZXktbm90LXNlY3JldCE= python manage.py collectstatic --no-input -v0 \
 && DJANGO_SECRET_KEY=build-only ENGAGEQC_FIELD_KEYS=YnVpbGQtb25seS1maWVsZC1rZXktbm90LXNlY3JldCE= python manage.py compilemessages --ignore='node_modules/*' -v0

USER engageqc
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "2", "--access-logfile", "-"]
