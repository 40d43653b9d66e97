"""The production deployment (docker-compose.yml, deploy/, .env.example, docs/deployment.md).

There is no Docker daemon and no image registry here, so no image is built or started. What can
be checked for real is:
- a Compose implementation (`docker compose` or Debian's `docker-compose`; `make compose-tools`
  installs it) parses the file and interpolates it with `.env.example`, and refuses to run
  while a required value is empty;
- the result validates against the Compose Specification's JSON schema (vendored in
  tests/schemas/, see its README) and wires the services together as documented;
- every variable is documented, every referenced file exists, `deploy/app/rasa.sh` builds the
  `rasa run` command as described, `deploy/app/ensure_tracker_db.py` creates the tracker database
  on the local PostgreSQL;
- the nginx configuration passes `nginx -t` and, run for real in front of stand-in servers
  (python-socketio, the library Rasa's socketio channel uses), routes the widget, /socket.io
  (long-polling and WebSocket), /webhooks/ and the staff search, keeps a Socket.IO client on one
  of two Rasa replicas, and would not without its `hash` line.
"""

import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Dict, List, Optional

import jsonschema
import psycopg2
import pytest
import requests
import yaml
from sqlalchemy.engine import make_url

pytestmark = pytest.mark.tools

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
ENV_EXAMPLE = ROOT / ".env.example"
DOCKERFILE = ROOT / "deploy" / "Dockerfile"
NGINX_TEMPLATE = ROOT / "deploy" / "nginx" / "templates" / "foerderbot.conf.template"
SCHEMA = Path(__file__).resolve().parent / "schemas" / "compose-spec.json"
SCHEMA_SHA256 = "56bab44c85c0ce8affb74474950293f37d510673283a243bcd7eeadb900fa35c"
NGINX_BINARIES = [ROOT / "build" / "compose-tools" / "nginx" / "usr" / "sbin" / "nginx"]
SERVICES = {"postgres", "redis", "migrate", "retention", "actions", "rasa", "search", "web"}
VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)")
INSTALL_HINT = "run `make compose-tools` (scripts/install_compose.sh) first"


# ---------------------------------------------------------------------------------------------
# helpers


def compose_command() -> List[str]:
    """`docker compose` when the plugin is there, else Debian's `docker-compose`."""
    try:
        if subprocess.run(["docker", "compose", "version"], capture_output=True, timeout=30).returncode == 0:
            return ["docker", "compose"]
    except (FileNotFoundError, subprocess.TimeoutExpired):
        pass
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    pytest.fail(f"no Compose implementation found: {INSTALL_HINT}")


def read_env_file(path: Path) -> Dict[str, str]:
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, sep, value = line.partition("=")
            assert sep, f"{path.name}: not KEY=value: {line!r}"
            values[key.strip()] = value
    return values


def compose_variables() -> Dict[str, str]:
    """Each ${VAR...} of docker-compose.yml with how it is used: 'required', 'default' or 'plain'."""
    used = {}
    for match in re.finditer(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(:?[?-])?", COMPOSE_FILE.read_text(encoding="utf-8")):
        kind = {":?": "required", "?": "required", ":-": "default", "-": "default"}.get(match.group(2), "plain")
        if used.get(match.group(1)) != "required":
            used[match.group(1)] = kind
    return used


def run_compose_config(env_file: Path) -> subprocess.CompletedProcess:
    # Only the env file may set the deployment's variables: drop any from the test's environment.
    names = set(read_env_file(ENV_EXAMPLE)) | set(compose_variables())
    env = {k: v for k, v in os.environ.items() if k not in names and not k.startswith("COMPOSE_")}
    return subprocess.run(
        [
            *compose_command(),
            "--project-directory",
            str(ROOT),
            "-f",
            str(COMPOSE_FILE),
            "--env-file",
            str(env_file),
            "config",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def published_port(port) -> str:
    """A port of `config` output as HOST_IP:PUBLISHED:TARGET/PROTOCOL (Compose 1 prints that
    string, Compose 2 a mapping)."""
    if isinstance(port, dict):
        return f"{port.get('host_ip', '')}:{port['published']}:{port['target']}/{port.get('protocol', 'tcp')}"
    return str(port)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_http(url: str, process: subprocess.Popen, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: process exited: {process.stdout.read() if process.stdout else ''}")
        try:
            requests.get(url, timeout=1)
            return
        except requests.RequestException:
            time.sleep(0.1)
    raise RuntimeError(f"{url} not up after {seconds}s")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# ---------------------------------------------------------------------------------------------
# Compose file


@pytest.fixture(scope="module")
def filled_env(tmp_path_factory) -> Path:
    """.env.example with a dummy value for each empty required variable, as an operator fills it in."""
    required = {name for name, kind in compose_variables().items() if kind == "required"}
    lines = []
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        key, _, value = line.partition("=")
        if key in required and not value:
            line = f"{key}=Dummy{key.title().replace('_', '')}0123"
        lines.append(line)
    path = tmp_path_factory.mktemp("env") / "filled.env"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def config(filled_env) -> dict:
    result = run_compose_config(filled_env)
    assert result.returncode == 0, f"compose config failed:\n{result.stderr}"
    return yaml.safe_load(result.stdout)


def test_example_env_refuses_to_start_until_required_values_are_set():
    result = run_compose_config(ENV_EXAMPLE)
    assert result.returncode != 0
    assert "POSTGRES_PASSWORD" in result.stderr and "set POSTGRES_PASSWORD in .env" in result.stderr


def test_config_validates_against_the_compose_specification(config):
    assert hashlib.sha256(SCHEMA.read_bytes()).hexdigest() == SCHEMA_SHA256
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    # Compose 2 prints the project's `name`, a top-level key the spec gained after this schema
    normalized = {key: value for key, value in config.items() if key != "name"}
    jsonschema.validators.validator_for(schema)(schema).validate(normalized)
    assert set(config["services"]) == SERVICES


def test_raw_file_validates_against_the_compose_specification():
    """The file as written (with ${...} left in, numbers where the spec wants numbers)."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    raw = yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))
    raw["services"]["rasa"]["deploy"]["replicas"] = 1  # "${RASA_REPLICAS:-1}", cast by Compose
    jsonschema.validators.validator_for(schema)(schema).validate(raw)


def test_every_variable_is_documented_in_env_example():
    documented = read_env_file(ENV_EXAMPLE)
    used = compose_variables()
    assert set(used) == set(documented), "docker-compose.yml and .env.example name different variables"
    lines = ENV_EXAMPLE.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        if "=" in line and not line.startswith("#"):
            # each variable, or the group of variables it belongs to, has a comment right above
            above = number - 1
            while above >= 0 and "=" in lines[above] and not lines[above].startswith("#"):
                above -= 1
            assert above >= 0 and lines[above].startswith("#"), f".env.example: {line!r} is not explained"
    for name, value in documented.items():
        if re.search(r"PASSWORD|TOKEN|SECRET", name):
            assert value == "", f".env.example must not carry a value for the secret {name}"
        if used[name] == "required":
            assert value == "", f"{name} is required: leave it empty in .env.example so that Compose asks for it"
    plain = [name for name, kind in used.items() if kind == "plain"]
    assert not plain, f"give these a default (${{VAR:-...}}) or make them required (${{VAR:?...}}): {plain}"


def test_services_start_in_order_with_health_checks_and_restart_policies(config):
    services = config["services"]
    depends = {
        name: {dep: spec["condition"] for dep, spec in service.get("depends_on", {}).items()}
        for name, service in services.items()
    }
    assert depends["migrate"] == {"postgres": "service_healthy"}
    for name in ("actions", "rasa", "search", "retention"):
        assert depends[name]["migrate"] == "service_completed_successfully", name
    assert depends["rasa"]["redis"] == "service_healthy" and depends["rasa"]["actions"] == "service_healthy"
    assert depends["web"] == {"rasa": "service_healthy", "search": "service_healthy"}
    assert services["migrate"]["restart"] == "no" and "healthcheck" not in services["migrate"]
    for name in SERVICES - {"migrate"}:
        assert services[name]["restart"] == "unless-stopped", name
        assert services[name]["healthcheck"]["test"], name
    # only nginx is reachable from outside, on addresses chosen in .env
    assert [name for name, service in services.items() if service.get("ports")] == ["web"]
    assert sorted(published_port(port) for port in services["web"]["ports"]) == [
        "127.0.0.1:8080:80/tcp",
        "127.0.0.1:8081:8080/tcp",
    ]
    assert "postgres-data" in config["volumes"]
    assert any(
        str(v).startswith("postgres-data:/var/lib/postgresql/data")
        or (isinstance(v, dict) and (v.get("source"), v.get("target")) == ("postgres-data", "/var/lib/postgresql/data"))
        for v in services["postgres"]["volumes"]
    )


def test_python_services_share_one_image_and_the_knowledge_base(config):
    services = config["services"]
    postgres = services["postgres"]["environment"]
    urls = set()
    for name in ("migrate", "actions", "rasa", "search"):
        service = services[name]
        assert service["build"]["target"] == "app" and service["image"] == "foerderbot-app:latest", name
        if name != "rasa":
            urls.add(service["environment"]["DATABASE_URL"])
    assert len(urls) == 1
    url = make_url(urls.pop())
    assert (url.drivername, url.host, url.port) == ("postgresql+psycopg2", "postgres", 5432)
    assert (url.username, url.password, url.database) == (
        postgres["POSTGRES_USER"],
        postgres["POSTGRES_PASSWORD"],
        postgres["POSTGRES_DB"],
    )
    assert services["actions"]["command"][:3] == ["rasa", "run", "actions"]
    assert services["search"]["command"][:2] == ["bot", "serve"] and "0.0.0.0" in services["search"]["command"]
    assert services["migrate"]["command"] == ["sh", "deploy/app/migrate.sh"]
    assert "bot load" in (ROOT / "deploy" / "app" / "migrate.sh").read_text(encoding="utf-8")
    assert services["web"]["build"]["target"] == "web"


def _variables_of(path: Path) -> set:
    """The ${VARIABLES} in the values of a Rasa YAML file (not in its comments)."""

    def walk(value):
        if isinstance(value, dict):
            for item in value.values():
                yield from walk(item)
        elif isinstance(value, list):
            for item in value:
                yield from walk(item)
        elif isinstance(value, str):
            yield from VARIABLE.findall(value)

    return set(walk(yaml.safe_load(path.read_text(encoding="utf-8"))))


def test_rasa_gets_every_variable_of_the_production_endpoints_and_credentials(config):
    services = config["services"]
    rasa = services["rasa"]["environment"]
    assert services["rasa"]["command"] == ["sh", "deploy/app/rasa.sh"]
    needed = {"RASA_AUTH_TOKEN", "RASA_CORS_ORIGINS"}  # read by deploy/app/rasa.sh
    for path in (ROOT / "endpoints.production.yml", ROOT / "credentials.production.yml"):
        assert path.exists(), f"{path.name} is missing"
        # Rasa refuses to start when a ${VAR} of these files is not set (even to an empty value).
        missing = sorted(name for name in _variables_of(path) if name not in rasa)
        assert not missing, f"{path.name} needs {missing} in the rasa service's environment"
        needed |= _variables_of(path)
    assert set(rasa) == needed, f"set for rasa but used nowhere: {sorted(set(rasa) - needed)}"
    postgres = services["postgres"]["environment"]
    assert (rasa["TRACKER_DB_HOST"], rasa["TRACKER_DB_PORT"]) == ("postgres", "5432")
    assert (rasa["TRACKER_DB_USER"], rasa["TRACKER_DB_PASSWORD"]) == (
        postgres["POSTGRES_USER"],
        postgres["POSTGRES_PASSWORD"],
    )
    assert rasa["TRACKER_DB_NAME"] != postgres["POSTGRES_DB"]
    # the migrate service creates exactly the database Rasa will use
    for key in ("TRACKER_DB_HOST", "TRACKER_DB_PORT", "TRACKER_DB_NAME", "TRACKER_DB_USER", "TRACKER_DB_PASSWORD"):
        assert services["migrate"]["environment"][key] == rasa[key], key
    assert (rasa["REDIS_HOST"], rasa["REDIS_PORT"]) == ("redis", "6379")
    actions_port = services["actions"]["command"][services["actions"]["command"].index("--port") + 1]
    assert rasa["ACTION_ENDPOINT_URL"] == f"http://actions:{actions_port}/webhook"
    # one Sanic worker per container (socket.io); replicas instead
    assert "SANIC_WORKERS" not in rasa
    assert services["rasa"]["deploy"]["replicas"] == 1
    assert "ports" not in services["rasa"]


def test_referenced_files_exist_and_the_dockerfile_copies_only_existing_files(config):
    for name, service in config["services"].items():
        if "build" in service:
            context = Path(service["build"]["context"])
            dockerfile = context / service["build"]["dockerfile"]
            assert dockerfile.exists(), name
            assert re.search(rf"^FROM \S+ AS {service['build']['target']}$", dockerfile.read_text(), re.M), name
    text = DOCKERFILE.read_text(encoding="utf-8")
    ignored = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#") and not line.startswith("!")
    ]
    sources = []
    for line in text.splitlines():
        if line.startswith("COPY ") and "--from=" not in line:
            sources += line.split()[1:-1]
    assert sources, "no COPY lines found"
    for source in sources:
        assert (ROOT / source).exists(), f"deploy/Dockerfile copies {source}, which does not exist"
        assert not any(
            source.rstrip("/") == pattern or source.startswith(pattern.rstrip("/") + "/") for pattern in ignored
        ), f"{source} is excluded by .dockerignore"
    for needed in (
        "credentials.production.yml",
        "endpoints.production.yml",
        "requirements.lock",
        "deploy/app/",
        "deploy/nginx/templates/",
        "web/package-lock.json",
    ):
        assert needed in sources, needed
    for script in (
        "deploy/app/rasa.sh",
        "deploy/app/migrate.sh",
        "deploy/app/ensure_tracker_db.py",
        "deploy/app/channels.py",
        "deploy/app/check_channels.py",
        "scripts/build_spacy_model.py",
    ):
        assert (ROOT / script).exists(), script
    # the steps the docs promise: python:3.10-slim, the lock file, the package without
    # dependencies, the spaCy pipeline, the model trained in the image, the widget from npm
    for step in (
        "python:3.10-slim",
        "pip install --quiet -r /tmp/requirements.lock",
        "pip install --quiet --no-deps -e .",
        "scripts/build_spacy_model.py build/spacy-de",
        "rasa train --fixed-model-name foerderbot --out models",
        "npm ci",
        "npm run build",
        "COPY --from=widget /web/dist/ /usr/share/nginx/html/",
        "COPY deploy/nginx/templates/ /etc/nginx/templates/",
    ):
        assert step in text, step
    assert "build/spacy-de" in (ROOT / "config.yml").read_text(encoding="utf-8")
    package = json.loads((ROOT / "web" / "package.json").read_text(encoding="utf-8"))
    assert "build" in package["scripts"]
    # secrets stay out of the image and the repository
    assert ".env" in ignored
    assert (
        not (ROOT / ".env").exists()
        or ".env" in subprocess.run(["git", "check-ignore", ".env"], cwd=ROOT, capture_output=True, text=True).stdout
    )


# ---------------------------------------------------------------------------------------------
# deploy/app scripts


def _run_rasa_sh(tmp_path: Path, env: Dict[str, str]) -> subprocess.CompletedProcess:
    """deploy/app/rasa.sh with a `rasa` that prints its arguments (as JSON, on the last line)."""
    fake = tmp_path / "bin"
    fake.mkdir(exist_ok=True)
    (fake / "rasa").write_text(f"#!{sys.executable}\nimport json, sys\nprint(json.dumps(sys.argv[1:]))\n")
    (fake / "python").write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    for program in ("rasa", "python"):
        (fake / program).chmod(0o755)
    return subprocess.run(
        ["sh", str(ROOT / "deploy" / "app" / "rasa.sh")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": f"{fake}:/usr/bin:/bin", "TMPDIR": str(tmp_path), **env},
        timeout=60,
    )


def _arguments(result: subprocess.CompletedProcess) -> List[str]:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_rasa_sh_runs_the_production_files_and_the_api_only_with_a_token(config, tmp_path):
    rasa_env = {k: str(v) for k, v in config["services"]["rasa"]["environment"].items()}
    credentials = tmp_path / "foerderbot-credentials.yml"
    base = [
        "run",
        "--model",
        "models/foerderbot.tar.gz",
        "--port",
        "5005",
        "--credentials",
        str(credentials),
        "--endpoints",
        "endpoints.production.yml",
    ]
    assert _arguments(_run_rasa_sh(tmp_path, rasa_env)) == base  # as .env.example configures it
    production = yaml.safe_load((ROOT / "credentials.production.yml").read_text(encoding="utf-8"))
    started = yaml.safe_load(credentials.read_text(encoding="utf-8"))
    # no Mattermost, no Teams configured: those two are left out, the rest is as in the file
    assert started == {name: settings for name, settings in production.items() if not _variables_of_value(settings)}
    assert started and len(started) < len(production)

    result = _run_rasa_sh(
        tmp_path, {**rasa_env, "RASA_AUTH_TOKEN": "t0k3n", "RASA_CORS_ORIGINS": "https://a.example https://b.example"}
    )
    assert _arguments(result) == base + [
        "--enable-api",
        "--auth-token",
        "t0k3n",
        "--cors",
        "https://a.example",
        "https://b.example",
    ]

    result = _run_rasa_sh(tmp_path, {**rasa_env, "SANIC_WORKERS": "4"})
    assert result.returncode == 64 and "RASA_REPLICAS" in result.stderr


def _variables_of_value(value) -> set:
    return set(VARIABLE.findall(json.dumps(value)))


def test_channels_without_any_setting_are_left_out(tmp_path):
    """deploy/app/channels.py on credentials.production.yml, for each platform configured or not."""
    production = yaml.safe_load((ROOT / "credentials.production.yml").read_text(encoding="utf-8"))
    platforms = {
        name: _variables_of_value(settings) for name, settings in production.items() if _variables_of_value(settings)
    }
    assert platforms, "credentials.production.yml has no channel configured by variables"
    always = [name for name in production if name not in platforms]
    target = tmp_path / "credentials.yml"
    script = [sys.executable, str(ROOT / "deploy" / "app" / "channels.py"), "credentials.production.yml", str(target)]
    base_env = {k: v for k, v in os.environ.items() if not any(k in names for names in platforms.values())}
    for configured in [[], *[[name] for name in platforms], list(platforms)]:
        env = dict(base_env)
        for name in configured:
            env.update(dict.fromkeys(platforms[name], "x"))
        result = subprocess.run(script, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        written = yaml.safe_load(target.read_text(encoding="utf-8"))
        assert list(written) == [name for name in production if name in always or name in configured]
        for name in written:
            assert written[name] == production[name]  # copied unchanged, ${VARIABLES} included
    # one variable of a platform set is enough to keep it: its connector then names what is missing
    name, names = next(iter(platforms.items()))
    env = {**base_env, sorted(names)[0]: "x"}
    subprocess.run(script, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=True)
    assert name in yaml.safe_load(target.read_text(encoding="utf-8"))


@pytest.mark.postgres
def test_ensure_tracker_db_creates_the_database_once():
    name = f"foerderbot_deploy_test_{os.getpid()}"
    env = {
        **os.environ,
        "TRACKER_DB_HOST": "127.0.0.1",
        "TRACKER_DB_PORT": "5432",
        "TRACKER_DB_NAME": name,
        "TRACKER_DB_USER": "postgres",
        "TRACKER_DB_PASSWORD": "",
    }
    script = [sys.executable, str(ROOT / "deploy" / "app" / "ensure_tracker_db.py")]
    try:
        first = subprocess.run(script, env=env, capture_output=True, text=True, timeout=60)
        second = subprocess.run(script, env=env, capture_output=True, text=True, timeout=60)
        assert first.returncode == 0 and "angelegt" in first.stdout, first.stderr
        assert second.returncode == 0 and "vorhanden" in second.stdout, second.stderr
        psycopg2.connect(host="127.0.0.1", port=5432, user="postgres", dbname=name).close()
    finally:
        connection = psycopg2.connect(host="127.0.0.1", port=5432, user="postgres", dbname="postgres")
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.close()
    missing = subprocess.run(script, env={"PATH": os.environ["PATH"]}, capture_output=True, text=True, timeout=60)
    assert missing.returncode == 2 and "TRACKER_DB_HOST" in missing.stderr


def test_check_channels_finds_the_production_channels_and_reports_a_missing_one(tmp_path):
    script = [sys.executable, str(ROOT / "deploy" / "app" / "check_channels.py")]
    broken = tmp_path / "credentials.yml"
    broken.write_text("rest:\nrasa.core.channels.rest.RestInput:\nconnectors.nowhere.NoInput:\n  url: x\n")
    result = subprocess.run([*script, str(broken)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert "connectors.nowhere.NoInput" in result.stderr and "RestInput" not in result.stderr
    result = subprocess.run(
        [*script, "credentials.production.yml"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr


# ---------------------------------------------------------------------------------------------
# nginx


def nginx_binary() -> str:
    for candidate in NGINX_BINARIES:
        if candidate.exists():
            return str(candidate)
    found = shutil.which("nginx")
    if found:
        return found
    pytest.fail(f"no nginx binary for `nginx -t`: {INSTALL_HINT}")


def envsubst(template: str, env: Dict[str, str]) -> str:
    """What the nginx image does with templates: substitute $NAME / ${NAME} for defined NAMEs only."""
    for name in sorted(env, key=len, reverse=True):
        template = template.replace("${" + name + "}", env[name])
        template = re.sub(r"\$" + re.escape(name) + r"(?![A-Za-z0-9_])", lambda _, value=env[name]: value, template)
    return template


def dockerfile_env(stage: str) -> Dict[str, str]:
    text = DOCKERFILE.read_text(encoding="utf-8")
    block = text[text.index(f" AS {stage}\n") :]
    env_line = re.search(r"^ENV ((?:.*\\\n)*.*)$", block, re.M).group(1)
    return dict(pair.split("=", 1) for pair in env_line.replace("\\\n", " ").split())


def write_nginx(tmp: Path, server_conf: str) -> Path:
    """A main nginx.conf like the image's (conf.d included in http), with paths under `tmp`."""
    for sub in ("conf.d", "temp", "html"):
        (tmp / sub).mkdir(parents=True, exist_ok=True)
    (tmp / "conf.d" / "foerderbot.conf").write_text(server_conf)
    user = "user root;\n" if os.geteuid() == 0 else ""
    main = tmp / "nginx.conf"
    main.write_text(
        textwrap.dedent(f"""\
        {user}worker_processes 1;
        daemon off;
        pid {tmp}/nginx.pid;
        error_log stderr warn;
        events {{ worker_connections 256; }}
        http {{
            types {{ text/html html; application/javascript js; text/css css; }}
            default_type application/octet-stream;
            access_log off;
            client_body_temp_path {tmp}/temp/body;
            proxy_temp_path {tmp}/temp/proxy;
            fastcgi_temp_path {tmp}/temp/fastcgi;
            uwsgi_temp_path {tmp}/temp/uwsgi;
            scgi_temp_path {tmp}/temp/scgi;
            include {tmp}/conf.d/*.conf;
        }}
        """)
    )
    return main


def test_nginx_config_passes_nginx_t(config, tmp_path):
    env = {**dockerfile_env("web"), **config["services"]["web"]["environment"]}
    rendered = envsubst(NGINX_TEMPLATE.read_text(encoding="utf-8"), env)
    assert "${" not in rendered
    assert "server rasa:5005" in rendered and "server search:8000" in rendered
    # nginx resolves upstream names at start: let them resolve here
    rendered = rendered.replace("rasa:5005", "127.0.0.1:5005").replace("search:8000", "127.0.0.1:8000")
    result = subprocess.run(
        [nginx_binary(), "-t", "-p", str(tmp_path), "-c", str(write_nginx(tmp_path, rendered)), "-e", "stderr"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0 and "test is successful" in result.stderr, result.stderr


STAND_IN = '''
"""A stand-in for Rasa or `bot serve`: Socket.IO as Rasa's channel does it, and echo for HTTP."""
import sys
from aiohttp import web
import socketio

name, port = sys.argv[1], int(sys.argv[2])
# short pings: a long-polling GET returns within a second, so clients disconnect fast
sio = socketio.AsyncServer(async_mode="aiohttp", cors_allowed_origins=[], ping_interval=1, ping_timeout=5)
app = web.Application()
sio.attach(app, socketio_path="socket.io")

@sio.on("user_uttered")
async def user_uttered(sid, data):
    environ = sio.get_environ(sid)
    await sio.emit("bot_uttered", {"text": data.get("message"), "backend": name,
                                   "forwarded_for": environ.get("HTTP_X_FORWARDED_FOR"),
                                   "proto": environ.get("HTTP_X_FORWARDED_PROTO")}, to=sid)

async def echo(request):
    return web.json_response({"backend": name, "method": request.method, "path": request.path_qs,
                              "headers": dict(request.headers)})

app.router.add_route("*", "/{tail:.*}", echo)
web.run_app(app, host="127.0.0.1", port=port, print=None)
'''


@pytest.fixture(scope="module")
def stand_ins(tmp_path_factory):
    """Two Rasa replicas and one search page, each a real HTTP + Socket.IO server."""
    tmp = tmp_path_factory.mktemp("stand-ins")
    script = tmp / "stand_in.py"
    script.write_text(STAND_IN)
    ports = {name: free_port() for name in ("rasa-1", "rasa-2", "search")}
    processes = [
        subprocess.Popen(
            [sys.executable, str(script), name, str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        for name, port in ports.items()
    ]
    try:
        for process, port in zip(processes, ports.values()):
            wait_for_http(f"http://127.0.0.1:{port}/ready", process)
        yield ports
    finally:
        for process in processes:
            process.kill()  # nothing to keep; a graceful aiohttp shutdown waits for open polls
            process.wait()


def start_nginx(tmp: Path, config: dict, ports: Dict[str, int], sticky: bool = True):
    """Run the rendered template for real, the upstream name resolving to two replicas as
    Docker's DNS does for a scaled service. Returns (process, public URL, staff URL)."""
    env = {
        **config["services"]["web"]["environment"],
        "NGINX_TRUSTED_PROXY": "127.0.0.1",
        "RASA_UPSTREAM": f"127.0.0.1:{ports['rasa-1']}; server 127.0.0.1:{ports['rasa-2']}",
        "SEARCH_UPSTREAM": f"127.0.0.1:{ports['search']}",
    }
    rendered = envsubst(NGINX_TEMPLATE.read_text(encoding="utf-8"), env)
    public, staff = free_port(), free_port()
    rendered = rendered.replace("listen 80 default_server", f"listen 127.0.0.1:{public} default_server")
    rendered = rendered.replace("listen 8080 default_server", f"listen 127.0.0.1:{staff} default_server")
    rendered = rendered.replace("root /usr/share/nginx/html;", f"root {tmp}/html;")
    if not sticky:
        rendered, count = re.subn(r"^\s*hash \$remote_addr consistent;\n", "", rendered, flags=re.M)
        assert count == 1
    main = write_nginx(tmp, rendered)
    (tmp / "html" / "index.html").write_text("<!doctype html><title>Förderbot-Widget</title>")
    process = subprocess.Popen(
        [nginx_binary(), "-p", str(tmp), "-c", str(main), "-e", "stderr"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    wait_for_http(f"http://127.0.0.1:{public}/healthz", process)
    return process, f"http://127.0.0.1:{public}", f"http://127.0.0.1:{staff}"


def _headers(client_ip: Optional[str]) -> Dict[str, str]:
    # what the TLS proxy in front adds
    return {"X-Forwarded-For": client_ip, "X-Forwarded-Proto": "https"} if client_ip else {}


def talk(url: str, messages: int, client_ip: Optional[str] = None, timeout: float = 10) -> List[dict]:
    """A python-socketio client over long-polling only (every packet is its own HTTP request)."""
    import socketio

    # The proxy in front adds its headers to every request; python-socketio's `headers` would go
    # with the handshake only, a session's default headers go with each request.
    http = requests.Session()
    http.headers.update(_headers(client_ip))
    client = socketio.SimpleClient(http_session=http)
    client.connect(url, transports=["polling"], wait_timeout=timeout)
    try:
        answers = []
        for number in range(messages):
            client.emit("user_uttered", {"message": f"Frage {number}", "session_id": client.sid})
            event, data = client.receive(timeout=timeout)
            assert event == "bot_uttered"
            answers.append(data)
        return answers
    finally:
        client.disconnect()
        http.close()


def talk_websocket(url: str, messages: int, client_ip: Optional[str] = None, upgrade: bool = True) -> List[dict]:
    """Socket.IO over a WebSocket, spoken by hand (Engine.IO 4 packets; python-socketio's own
    WebSocket client needs packages that this venv lacks or has too old). With `upgrade`, as the
    widget's socket.io-client does it: the Engine.IO handshake over long-polling first, then the
    upgrade of that session to a WebSocket (probe, upgrade packet)."""
    import asyncio

    import websockets

    headers = _headers(client_ip)

    async def conversation() -> List[dict]:
        query = "EIO=4&transport=websocket"
        if upgrade:
            opened = requests.get(f"{url}/socket.io/?EIO=4&transport=polling", headers=headers, timeout=5)
            assert opened.ok and opened.text.startswith("0"), opened.text
            query += f"&sid={json.loads(opened.text[1:])['sid']}"
        async with websockets.connect(
            f"{url.replace('http', 'ws', 1)}/socket.io/?{query}", extra_headers=headers, open_timeout=10
        ) as ws:

            async def packet(prefix: str) -> str:
                while True:
                    data = await asyncio.wait_for(ws.recv(), 10)
                    if data == "2":  # ping
                        await ws.send("3")
                    elif data.startswith(prefix):
                        return data[len(prefix) :]

            if upgrade:
                await ws.send("2probe")
                await packet("3probe")
                await ws.send("5")  # upgrade: the session continues on this WebSocket
            else:
                await packet("0")
            await ws.send("40")  # connect to the namespace /
            await packet("40")
            answers = []
            for number in range(messages):
                await ws.send("42" + json.dumps(["user_uttered", {"message": f"Frage {number}"}]))
                event, data = json.loads(await packet("42"))
                assert event == "bot_uttered"
                answers.append(data)
            return answers

    return asyncio.run(conversation())


def test_nginx_routes_widget_socketio_webhooks_and_search(config, stand_ins, tmp_path):
    process, public, staff = start_nginx(tmp_path, config, stand_ins)
    try:
        assert requests.get(f"{public}/healthz", timeout=5).text == "ok\n"
        page = requests.get(f"{public}/", timeout=5)
        assert (
            page.ok and "Förderbot-Widget" in page.text and page.headers["Content-Type"] == "text/html; charset=utf-8"
        )
        assert page.headers["X-Content-Type-Options"] == "nosniff"

        for path in ("/webhooks/rest/webhook", "/webhooks/mattermost/webhook", "/webhooks/botframework/webhook"):
            echo = requests.post(
                f"{public}{path}",
                json={"sender": "x", "message": "Hallo"},
                timeout=5,
                headers={"X-Forwarded-For": "198.51.100.9", "X-Forwarded-Proto": "https"},
            ).json()
            assert echo["backend"].startswith("rasa-") and echo["path"] == path and echo["method"] == "POST"
            assert echo["headers"]["X-Forwarded-Proto"] == "https"
            assert echo["headers"]["X-Real-IP"] == "198.51.100.9"  # taken from the trusted proxy
        # Rasa's HTTP API is never forwarded, and neither the search nor any staff page (login,
        # review, unanswered questions, FAQ, circulars and their files) is on the public side
        staff_pages = ("/anmelden", "/pruefung", "/aufrufe/heimat-2-0-2020", "/unbeantwortet", "/faq", "/suche?q=x")
        staff_pages += ("/rundschreiben/384-2020", "/rundschreiben/384-2020/original")
        for path in ("/model/parse", "/conversations/x/tracker", "/status", "/api/search?q=Frist", *staff_pages):
            response = requests.get(f"{public}{path}", timeout=5)
            assert response.status_code == 404 and "backend" not in response.text, path
        for path in ("/anmelden", "/aufrufe/heimat-2-0-2020/freigeben", "/faq/neu"):
            response = requests.post(f"{public}{path}", data={"csrf_token": "x"}, timeout=5)
            assert response.status_code in (404, 405) and "backend" not in response.text, path

        echo = requests.get(f"{staff}/api/search?q=Fristen", timeout=5).json()
        assert echo["backend"] == "search" and echo["path"] == "/api/search?q=Fristen"
        assert requests.get(f"{staff}/", timeout=5).json()["backend"] == "search"
        assert requests.post(f"{staff}/anmelden", data={"x": "y"}, timeout=5).json()["backend"] == "search"

        # the widget's way: long-polling, then the upgrade to a WebSocket; and each alone
        conversations = {
            "long-polling": talk(public, 3, "203.0.113.5"),
            "upgraded to WebSocket": talk_websocket(public, 3, "203.0.113.5", upgrade=True),
            "WebSocket": talk_websocket(public, 3, "203.0.113.5", upgrade=False),
        }
        for how, answers in conversations.items():
            assert [a["text"] for a in answers] == ["Frage 0", "Frage 1", "Frage 2"], how
            assert answers[0]["forwarded_for"].endswith("203.0.113.5") and answers[0]["proto"] == "https", how
    finally:
        stop(process)


def test_socketio_clients_stay_on_one_rasa_replica(config, stand_ins, tmp_path):
    process, public, _ = start_nginx(tmp_path, config, stand_ins)
    try:
        replicas = set()
        for client in range(1, 9):
            for answers in (
                talk(public, 4, f"203.0.113.{client}"),
                talk_websocket(public, 2, f"203.0.113.{client}", upgrade=True),
            ):
                backends = {answer["backend"] for answer in answers}
                assert len(backends) == 1, f"client {client} was answered by {backends}"
                replicas |= backends
        assert replicas == {"rasa-1", "rasa-2"}, "the clients should be spread over both replicas"
    finally:
        stop(process)


def test_without_sticky_sessions_long_polling_breaks(config, stand_ins, tmp_path):
    """The control for the test above: round robin between the replicas loses the session."""
    import socketio

    process, public, _ = start_nginx(tmp_path, config, stand_ins, sticky=False)
    try:
        # the second replica does not know the session: "Invalid session", the client gives up
        with pytest.raises((socketio.exceptions.ConnectionError, socketio.exceptions.TimeoutError)):
            for client in range(1, 5):
                talk(public, 4, f"203.0.113.{client}", timeout=3)
    finally:
        stop(process)
