"""No server runs on the development key (issue 12).

gunicorn and `flask run` refuse to start without SECRET_KEY, with a message that says what
to do; instance/secret_key (which scripts/run makes) counts as a key; tests, debug mode and
CLI commands that serve nothing keep working without one.
"""

import os
import subprocess
import sys
import urllib.request

import pytest

from app import create_app
from config import DEVELOPMENT_KEY, MissingSecretKey
from tests.serving import GUNICORN, ROOT, GunicornServer, free_port

MESSAGE = "SECRET_KEY is not set"


def environment(tmp_path, **extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "FLASK_DEBUG")}
    # Never the checkout's own instance/secret_key: a key file that does not exist.
    env["SECRET_KEY_FILE"] = str(tmp_path / "no-such-key")
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite'}"
    env.update(extra)
    return env


def test_gunicorn_without_secret_key_refuses_to_start(tmp_path):
    command = [str(GUNICORN), "--workers", "1", "--bind", f"127.0.0.1:{free_port()}", "wsgi:app"]
    finished = subprocess.run(
        command, cwd=ROOT, env=environment(tmp_path), capture_output=True, text=True, timeout=60
    )
    assert finished.returncode != 0
    output = finished.stdout + finished.stderr
    assert MESSAGE in output and "instance/config.py" in output
    assert "Traceback" not in output  # a message, not a stack


def test_gunicorn_with_the_development_key_refuses_too(tmp_path):
    command = [str(GUNICORN), "--workers", "1", "--bind", f"127.0.0.1:{free_port()}", "wsgi:app"]
    env = environment(tmp_path, SECRET_KEY=DEVELOPMENT_KEY)
    finished = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert finished.returncode != 0 and MESSAGE in finished.stderr


def test_flask_run_without_secret_key_refuses_to_start(tmp_path):
    flask = str(ROOT / ".venv" / "bin" / "flask")
    command = [flask, "--app", "app", "run", "--port", str(free_port())]
    finished = subprocess.run(
        command, cwd=ROOT, env=environment(tmp_path), capture_output=True, text=True, timeout=60
    )
    assert finished.returncode == 1
    assert f"Error: {MESSAGE}" in finished.stderr


def test_cli_commands_that_serve_nothing_run_without_a_key(tmp_path):
    flask = str(ROOT / ".venv" / "bin" / "flask")
    finished = subprocess.run(
        [flask, "--app", "app", "db", "upgrade"],
        cwd=ROOT,
        env=environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert finished.returncode == 0, finished.stderr[-2000:]


def test_the_instance_key_file_is_used(app, database_url, tmp_path):
    key_file = tmp_path / "secret_key"
    key_file.write_text("a-key-made-for-this-instance-only\n")
    env = {"SECRET_KEY_FILE": str(key_file)}
    server = GunicornServer(database_url, workers=1, secret_key="", extra_env=env)
    with server, urllib.request.urlopen(server.base_url + "/login", timeout=10) as response:
        assert response.status == 200


@pytest.mark.parametrize("key", [None, "", DEVELOPMENT_KEY])
def test_create_app_refuses_a_missing_key_outside_testing(tmp_path, key):
    config = {"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY_FILE": str(tmp_path / "none")}
    if key is not None:
        config["SECRET_KEY"] = key
    with pytest.raises(MissingSecretKey):
        create_app(config)


def test_testing_and_debug_keep_the_development_key(tmp_path):
    base = {"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY_FILE": str(tmp_path / "none")}
    assert create_app({**base, "TESTING": True}).config["SECRET_KEY"] == DEVELOPMENT_KEY
    assert create_app({**base, "DEBUG": True}).config["SECRET_KEY"] == DEVELOPMENT_KEY


def test_a_configured_key_wins_over_the_file(tmp_path):
    key_file = tmp_path / "secret_key"
    key_file.write_text("from-the-file")
    base = {"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY_FILE": str(key_file)}
    assert create_app(base).config["SECRET_KEY"] == "from-the-file"
    assert create_app({**base, "SECRET_KEY": "configured"}).config["SECRET_KEY"] == "configured"


def test_scripts_run_makes_a_private_key_and_writes_no_nul_bytes(tmp_path):
    """The key step and the output step of scripts/run, in a copy of its folder layout."""
    script = (ROOT / "scripts" / "run").read_text()
    assert "instance/secret_key" in script and "umask 077" in script
    # Run the script with stand-ins for setup and flask in a scratch tree.
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "run").write_text(script)
    (tmp_path / "scripts" / "setup").write_text("#!/bin/sh\nyes 'installing ...' | head -2000\n")
    bin_dir = tmp_path / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "python").symlink_to(sys.executable)
    (bin_dir / "flask").write_text(
        "#!/bin/sh\ncase \"$1\" in\n  demo) echo 'Demo meeting: /meetings/1' ;;\n"
        "  run) echo 'serving' ;;\nesac\n"
    )
    for path in (tmp_path / "scripts" / "run", tmp_path / "scripts" / "setup", bin_dir / "flask"):
        path.chmod(0o755)
    log = tmp_path / "run.log"
    with log.open("wb") as out:
        subprocess.run(
            ["bash", str(tmp_path / "scripts" / "run")], stdout=out, stderr=out, timeout=60
        )
    data = log.read_bytes()
    assert b"\0" not in data
    assert b"Open http://127.0.0.1:5000/meetings/1" in data and b"serving" in data
    key = tmp_path / "instance" / "secret_key"
    assert len(key.read_text().strip()) >= 40
    assert key.stat().st_mode & 0o777 == 0o600
    first = key.read_text()
    with log.open("wb") as out:
        subprocess.run(["bash", str(tmp_path / "scripts" / "run")], stdout=out, stderr=out)
    assert key.read_text() == first  # made once, then kept
