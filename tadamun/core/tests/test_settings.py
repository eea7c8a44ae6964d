import pytest

from tadamun.config.env import EnvError, env_bool, env_int, env_list, secret_key_from


def test_booleans_read_the_usual_spellings(monkeypatch):
    for raw, expected in [
        ("1", True),
        ("yes", True),
        ("ON", True),
        ("0", False),
        ("false", False),
        ("", False),
    ]:
        monkeypatch.setenv("FLAG", raw)
        assert env_bool("FLAG") is expected
    monkeypatch.delenv("FLAG")
    assert env_bool("FLAG", True) is True


def test_a_bad_value_says_which_variable_is_wrong(monkeypatch):
    monkeypatch.setenv("DEBUG", "perhaps")
    with pytest.raises(EnvError, match="DEBUG"):
        env_bool("DEBUG")
    monkeypatch.setenv("WORKERS", "many")
    with pytest.raises(EnvError, match="WORKERS"):
        env_int("WORKERS", 2)


def test_lists_are_comma_separated(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", "tadamun.ma, www.tadamun.ma,,")
    assert env_list("ALLOWED_HOSTS", []) == ["tadamun.ma", "www.tadamun.ma"]


def test_the_secret_key_is_made_once_per_installation(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    key_file = tmp_path / "var" / "secret_key"
    first = secret_key_from("SECRET_KEY", key_file)
    assert len(first) >= 50
    assert secret_key_from("SECRET_KEY", key_file) == first
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    assert secret_key_from("SECRET_KEY", key_file) == "from-the-environment"


def _settings_in_a_fresh_process(tmp_path, **environment) -> dict:
    """The settings module evaluated with only the given environment variables."""
    import json
    import os
    import subprocess
    import sys

    env = {"PATH": os.environ["PATH"], "TADAMUN_VAR_DIR": str(tmp_path), **environment}
    code = (
        "import json; from tadamun.config import settings as s; "
        "db = s.DATABASES['default']; "
        "print(json.dumps({'engine': db['ENGINE'], 'name': str(db['NAME']), "
        "'host': db.get('HOST', ''), 'debug': s.DEBUG, 'hosts': s.ALLOWED_HOSTS}))"
    )
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def test_by_default_the_platform_runs_on_sqlite_under_var_with_debug_off(tmp_path):
    config = _settings_in_a_fresh_process(tmp_path)
    assert config["engine"] == "django.db.backends.sqlite3"
    assert config["name"] == str(tmp_path / "tadamun.sqlite3")
    assert config["debug"] is False
    assert config["hosts"] == ["127.0.0.1", "localhost"]


def test_database_url_selects_postgresql(tmp_path):
    config = _settings_in_a_fresh_process(
        tmp_path,
        DATABASE_URL="postgres://tadamun@db.internal:5432/tadamun",
        DEBUG="1",
        ALLOWED_HOSTS="tadamun.example.org",
    )
    assert config["engine"] == "django.db.backends.postgresql"
    assert (config["name"], config["host"]) == ("tadamun", "db.internal")
    assert config["debug"] is True
    assert config["hosts"] == ["tadamun.example.org"]
