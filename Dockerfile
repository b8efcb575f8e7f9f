# The demo app in pages/, served by `bridge serve`:
#
#     docker build -t bridge-demo . && docker run -p 8000:8000 bridge-demo
#
# Arguments after the image name go to `bridge serve`: `docker run -p 8000:8000 bridge-demo --workers 2`. The
# same image as the starter app's (starter/Dockerfile, which `bridge new` writes): the build stage installs the
# app's Python packages (pyproject.toml: here bridge itself, from this checkout), Node.js from PyPI and the
# app's npm packages, and runs `bridge build`; the runtime stage gets the Python environment and the app with
# its build, and no Node.js. The build stage's steps are docker/build.sh, which tests/test_docker_steps.py
# runs without Docker.
ARG BASE=python:3.12-slim-bookworm

FROM ${BASE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
COPY . .
RUN sh docker/build.sh /venv /node /app

FROM ${BASE}
ENV PATH=/venv/bin:$PATH PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 BRIDGE_DEMO_DB=/data/library.sqlite3
RUN useradd --uid 10001 --no-create-home --shell /usr/sbin/nologin app && mkdir /data && chown app /data
COPY --from=build /venv /venv
COPY --from=build /app /app
WORKDIR /app
USER app
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s CMD ["python3", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/')"]
# One worker per core by default (in a container, the host's cores): set BRIDGE_WORKERS or pass --workers.
ENTRYPOINT ["bridge", "serve", "--host", "0.0.0.0", "--port", "8000"]
