"""PostgreSQL backup and restore with the standard tools (pg_dump custom format,
pg_restore) plus a manifest of the media objects, which live in storage (S3 or disk) and
are backed up there (bucket versioning / replication); the manifest lets a drill check
that every object a restored database refers to still exists."""

import hashlib
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

import psycopg
from django.core.files.storage import storages
from psycopg import sql


@dataclass(frozen=True)
class PgTarget:
    host: str
    port: str
    user: str
    password: str
    name: str

    @classmethod
    def from_settings(cls, db: dict) -> "PgTarget":
        if "postgresql" not in db["ENGINE"]:
            raise ValueError(f"backups need PostgreSQL, not {db['ENGINE']}")
        return cls(
            host=db.get("HOST") or "127.0.0.1",
            port=str(db.get("PORT") or 5432),
            user=db.get("USER") or "postgres",
            password=db.get("PASSWORD") or "",
            name=db["NAME"],
        )

    @classmethod
    def from_url(cls, url: str) -> "PgTarget":
        parsed = urlparse(url)
        if parsed.scheme not in {"postgres", "postgresql"}:
            raise ValueError("the target must be a postgres:// URL")
        return cls(
            host=parsed.hostname or "127.0.0.1",
            port=str(parsed.port or 5432),
            user=unquote(parsed.username or "postgres"),
            password=unquote(parsed.password or ""),
            name=parsed.path.lstrip("/"),
        )

    def env(self) -> dict:
        env = {**os.environ, "PGHOST": self.host, "PGPORT": self.port, "PGUSER": self.user}
        if self.password:
            env["PGPASSWORD"] = self.password
        return env

    def connect(self, dbname: str | None = None, **kwargs):
        return psycopg.connect(
            host=self.host,
            port=self.port,
            user=self.user,
            password=self.password or None,
            dbname=dbname or self.name,
            connect_timeout=10,
            **kwargs,
        )


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise FileNotFoundError(name)
    return path


def pg_dump(target: PgTarget, path: Path) -> None:
    # An argument list, no shell: the database name cannot inject anything.
    subprocess.run(  # noqa: S603
        [
            _tool("pg_dump"),
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            "--file",
            str(path),
            target.name,
        ],
        env=target.env(),
        check=True,
        capture_output=True,
        text=True,
    )


def create_database(target: PgTarget) -> None:
    with target.connect("postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(target.name)))


def pg_restore(dump: Path, target: PgTarget, *, jobs: int = 1) -> None:
    subprocess.run(  # noqa: S603
        [
            _tool("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            f"--jobs={jobs}",
            "--dbname",
            target.name,
            str(dump),
        ],
        env=target.env(),
        check=True,
        capture_output=True,
        text=True,
    )


def table_fingerprints(target: PgTarget) -> dict[str, tuple[int, str]]:
    """Row count and an order-independent checksum of every table in the public schema."""
    result = {}
    with target.connect() as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        for table in tables:
            count, digest = conn.execute(
                sql.SQL(
                    "SELECT count(*), coalesce(md5(string_agg(md5(t::text), '' "
                    "ORDER BY md5(t::text))), '') FROM {} t"
                ).format(sql.Identifier(table))
            ).fetchone()
            result[table] = (count, digest)
    return result


def _walk(storage, path=""):
    dirs, files = storage.listdir(path)
    for name in files:
        yield f"{path}/{name}" if path else name
    for directory in dirs:
        yield from _walk(storage, f"{path}/{directory}" if path else directory)


def media_manifest(*, checksums: bool = True) -> dict:
    manifest = {}
    for alias in ("default", "private"):
        storage = storages[alias]
        objects = []
        try:
            names = sorted(_walk(storage))
        except FileNotFoundError:
            names = []
        for name in names:
            entry = {"name": name, "size": storage.size(name)}
            if checksums:
                digest = hashlib.sha256()
                with storage.open(name, "rb") as handle:
                    for chunk in iter(lambda h=handle: h.read(1024 * 1024), b""):
                        digest.update(chunk)
                entry["sha256"] = digest.hexdigest()
            objects.append(entry)
        manifest[alias] = objects
    return manifest


def write_manifest(path: Path, manifest: dict) -> None:
    path.write_text(json.dumps(manifest, indent=1, sort_keys=True))
