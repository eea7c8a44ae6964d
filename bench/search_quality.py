"""Search quality on the labelled sets, each in a fresh, empty database.

    .venv/bin/python bench/search_quality.py [--database-url postgres://…] [--show 10]

For SQLite a temporary file; for PostgreSQL a temporary database created on the server
the URL names (and dropped afterwards). Runs `tadamun migrate` then
`tadamun evaluate_search` for bench/search_eval and bench/search_eval_holdout.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETS = ["search_eval", "search_eval_holdout"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="")
    parser.add_argument("--show", default="0")
    args = parser.parse_args()
    tadamun = [sys.executable, "-m", "tadamun"]
    with tempfile.TemporaryDirectory() as var:
        for name in SETS:
            env = {**os.environ, "TADAMUN_VAR_DIR": var}
            admin_url = None
            if args.database_url.startswith("postgres"):
                import psycopg

                database = f"tadamun_eval_{uuid.uuid4().hex[:8]}"
                admin_url = args.database_url
                with psycopg.connect(admin_url, autocommit=True) as connection:
                    connection.execute(f'CREATE DATABASE "{database}"')
                env["DATABASE_URL"] = admin_url.rsplit("/", 1)[0] + "/" + database
            else:
                env["DATABASE_URL"] = f"sqlite:///{var}/{name}.sqlite3"
            try:
                subprocess.run([*tadamun, "migrate", "-v0"], env=env, check=True)
                print(f"\n## {name} ({env['DATABASE_URL'].split(':')[0]})")
                subprocess.run(
                    [*tadamun, "evaluate_search", str(ROOT / "bench" / name), "--show", args.show],
                    env=env,
                    check=True,
                )
            finally:
                if admin_url:
                    with psycopg.connect(admin_url, autocommit=True) as connection:
                        connection.execute(f'DROP DATABASE IF EXISTS "{database}"')


if __name__ == "__main__":
    main()
