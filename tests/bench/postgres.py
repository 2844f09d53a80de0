"""A PostgreSQL server for the bench, and the million residents in it.

$KOERS_BENCH_PG_URL names a server to use (an empty database the bench may fill). Otherwise the bench starts
its own throwaway cluster as CI does (initdb in .bench/pg, loopback only, as the postgres user when run as root)
and stops it afterwards; without PostgreSQL installed it says so and measures SQLite only.

The residents and users are copied from the SQLite bench database with COPY into a schema Koers made itself
(migrations), then VACUUM (ANALYZE), as a server's autovacuum would; a database that already holds them is kept.
"""

from __future__ import annotations

import glob
import os
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

PORT = 54339
TABLES = ("app_user", "resident")  # what search reads


def _bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: [int(x) for x in p.split("/")[4]
                                                                                 .split(".") if x.isdigit()])
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _as_postgres(args: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return args
    return ["su", "postgres", "-s", "/bin/sh", "-c", shlex.join(args)]


@contextmanager
def bench_server(bench_dir: Path) -> Iterator[str | None]:
    """The URL of an empty-or-bench PostgreSQL database, or None when there is no server to be had."""
    given = os.environ.get("KOERS_BENCH_PG_URL")
    if given:
        yield given
        return
    bindir = _bindir()
    if bindir is None:
        yield None
        return
    data = bench_dir / "pg"
    socket_dir = Path(tempfile.mkdtemp(prefix="koers-bench-pg-"))
    if os.geteuid() == 0:
        shutil.chown(socket_dir, "postgres")
    if not (data / "PG_VERSION").exists():
        data.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(data, "postgres")
        subprocess.run(_as_postgres([str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"]),
                       check=True, stdout=subprocess.DEVNULL)
    subprocess.run(_as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-o",
                                 f"-p {PORT} -k {socket_dir} -c listen_addresses=127.0.0.1", "-l", str(data / "log"),
                                 "-w", "start"]), check=True, stdout=subprocess.DEVNULL)
    try:
        for sql in ("CREATE ROLE koers LOGIN PASSWORD 'koers' SUPERUSER", "CREATE DATABASE koers_bench OWNER koers"):
            subprocess.run(_as_postgres([str(bindir / "psql"), "-h", "127.0.0.1", "-p", str(PORT), "-U", "postgres",
                                         "-qc", sql]), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            # (a second run finds both: psql says so on stderr and the bench goes on)
        yield f"postgresql://koers:koers@127.0.0.1:{PORT}/koers_bench"
    finally:
        subprocess.run(_as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"]),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(socket_dir, ignore_errors=True)


def load_residents(sqlite_path: Path, url: str, progress=print) -> int:
    """Makes sure the PostgreSQL database at `url` holds Koers' schema and the users and residents of the SQLite
    bench database; returns the number of residents."""
    import sqlite3

    import psycopg

    from desktop.core.maintenance.database import open_database

    with sqlite3.connect(f"file:{sqlite_path}?mode=ro", uri=True) as src:
        wanted = src.execute("SELECT count(*) FROM resident").fetchone()[0]
        database = open_database(url)  # Koers' own migrations make the schema
        database.dispose()
        dsn = url.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(dsn) as pg:
            have = pg.execute("SELECT count(*) FROM resident").fetchone()[0]
        if have != wanted:
            _copy(src, dsn, wanted, progress)
        with psycopg.connect(dsn, autocommit=True) as pg:  # what autovacuum does after a bulk load: the
            for table in TABLES:  # visibility map lets a count read the index alone (quick when already done)
                pg.execute(f'VACUUM (ANALYZE) "{table}"')
    return wanted


def _copy(src: Any, dsn: str, wanted: int, progress: Callable[[str], object]) -> None:
    import psycopg

    with psycopg.connect(dsn) as pg:
        progress(f"  PostgreSQL: copying {wanted:,} residents into the bench database")
        pg.execute("TRUNCATE resident, app_user CASCADE")
        for table in TABLES:
            columns = [row[1] for row in src.execute(f'PRAGMA table_info("{table}")')]
            names = ", ".join(f'"{c}"' for c in columns)
            with pg.cursor().copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                for row in src.execute(f'SELECT {names} FROM "{table}"'):
                    copy.write_row(row)
        pg.commit()
