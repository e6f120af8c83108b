# syntax=docker/dockerfile:1
# --- build: install the locked dependencies into /app/.venv
FROM python:3.11-slim-bookworm AS build
ENV UV_LINK_MODE=copy UV_COMPILE_BYTECODE=1 UV_PROJECT_ENVIRONMENT=/app/.venv
RUN pip install --no-cache-dir uv==0.13.8
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
COPY . .
# Static files are collected at build time with throwaway production values.
RUN DJANGO_SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost DATABASE_URL=sqlite:////tmp/x.db \
    REDIS_URL=redis://127.0.0.1:6379/0 \
    /app/.venv/bin/python manage.py collectstatic --noinput --settings=config.settings.production

# --- runtime: slim, non-root, gunicorn
FROM python:3.11-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 app \
    && install -d -o app -g app /tmp/prometheus
ENV PATH=/app/.venv/bin:$PATH PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=config.settings.production
# Metrics from every gunicorn worker go to files here and /metrics sums them; the hooks in
# config/gunicorn.conf.py empty it at startup and drop dead workers' live gauges.
ENV PROMETHEUS_MULTIPROC_DIR=/tmp/prometheus
# gunicorn's worker timeout (config/gunicorn.conf.py); provider calls are budgeted to end
# well inside it (system check payments.E001), so a hung provider still gets our 502.
ENV GUNICORN_TIMEOUT=60
# The release (CI passes the commit) tags Sentry events from web and worker alike.
ARG RELEASE=dev
ENV SENTRY_RELEASE=angisoft@$RELEASE
WORKDIR /app
COPY --from=build --chown=app:app /app /app
USER app
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8000/health || exit 1
CMD ["gunicorn", "config.wsgi:application", "--config", "config/gunicorn.conf.py", \
     "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-", \
     "--forwarded-allow-ips", "*"]
