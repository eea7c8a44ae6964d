"""Small typed readers of the environment, used by the settings module only.

Every setting that differs between machines comes from the environment through one of
these, so that the same settings module runs the laptop demo, CI and production.
"""

import os
import secrets
from pathlib import Path

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class EnvError(ValueError):
    """An environment variable holds a value its setting cannot use."""


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise EnvError(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise EnvError(f"{name} must be an integer; got {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def secret_key_from(name: str, fallback_file: Path) -> str:
    """The secret key from the environment, else from a file made on first use.

    A self-hosted platform must not ship a known key; generating one into the instance's
    `var/` directory gives every installation its own without a manual step.
    """
    value = os.environ.get(name, "").strip()
    if value:
        return value
    if fallback_file.exists():
        return fallback_file.read_text().strip()
    fallback_file.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    fallback_file.write_text(key)
    fallback_file.chmod(0o600)
    return key
