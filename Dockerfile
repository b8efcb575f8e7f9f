# syntax=docker/dockerfile:1
# The demo app in pages/, served by `bridge serve`:
#
#     docker build -t bridge-demo . && docker run -p 8000:8000 bridge-demo
#
# The build stage installs bridge with its build extra (Node.js comes from PyPI) and compiles the pages; the
# runtime stage gets bridge's wheel and its runtime dependencies only (no Node.js, no npm packages), the
# pages and their build. Each stage's work is a script in docker/, which tests/test_docker_steps.py runs
# without Docker.
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
COPY . .
# -> /wheels: bridge and its runtime dependencies; /src/.bridge: the built pages. Caches stay out of the image.
RUN --mount=type=cache,target=/root/.cache/pip --mount=type=cache,target=/root/.npm \
    sh docker/build.sh /wheels

FROM ${PYTHON_IMAGE} AS runtime
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    BRIDGE_DEMO_DB=/data/library.sqlite3
COPY docker/install.sh docker/start.sh /usr/local/lib/bridge-docker/
# The wheels are mounted for this step only, never copied into a layer.
RUN --mount=type=bind,from=build,source=/wheels,target=/wheels \
    sh /usr/local/lib/bridge-docker/install.sh /wheels \
    && groupadd --system --gid 10001 bridge \
    && useradd --system --uid 10001 --gid bridge --no-create-home --shell /usr/sbin/nologin bridge \
    && mkdir /data && chown bridge:bridge /data
WORKDIR /app
COPY --from=build /src/pages pages
COPY --from=build /src/.bridge .bridge
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/', timeout=4)"]
# ENTRYPOINT, not CMD: arguments of `docker run IMAGE ...` go on to `bridge serve` (`--workers 1`).
ENTRYPOINT ["sh", "/usr/local/lib/bridge-docker/start.sh"]
