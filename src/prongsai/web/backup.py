"""Backup and restore of the whole system: every table and every stored file, in one ZIP with a manifest.

The archive holds `data.jsonl` (every row of every model in Django's serialisation, primary keys kept, so every reference stays as
it was), `files/<name>` for each file of the storage (through `default_storage`, local disk or object storage
alike) and `manifest.json`: the format, the schema (the migrations applied) and each member's size and SHA-256.

The tables are read in one transaction (a snapshot), so the data are consistent with one another; files are
written before the row that names them, so every file a row of the snapshot names is in the archive.

Restore checks everything before it changes anything: a damaged archive (a hash or size that does not match, a
member missing), another format, or another schema (an archive of an older or newer version of the system) is
refused with a Thai message. It then empties the tables and loads the archive's rows in one transaction, and
writes the files; if anything fails, the transaction is rolled back and the files it wrote are removed. It
refuses a database that already holds data unless told `force`, which replaces that data with the archive's.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import tempfile
import uuid
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder

from prongsai.core.errors import ProngsaiError

FORMAT = "prongsai-backup"
FORMAT_VERSION = 1
DATA_MEMBER = "data.jsonl"
FILES_PREFIX = "files/"
CHUNK = 1024 * 1024
BATCH = 100
# Rows Django makes by itself when the tables are created: a freshly migrated database is empty with them.
SELF_MADE = (ContentType, Permission)


def _schema() -> dict[str, list[str]]:
    """The migrations applied, per app: an archive loads only into the schema it was taken from."""
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _storage_files(directory: str = "") -> Iterator[str]:
    try:
        folders, files = default_storage.listdir(directory)
    except FileNotFoundError:  # nothing was ever uploaded
        return
    for name in sorted(files):
        yield f"{directory}/{name}" if directory else name
    for folder in sorted(folders):
        yield from _storage_files(f"{directory}/{folder}" if directory else folder)


def _add(archive: zipfile.ZipFile, member: str, source: IO[bytes]) -> dict[str, Any]:
    digest, size = hashlib.sha256(), 0
    with archive.open(member, "w", force_zip64=True) as target:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            target.write(chunk)
    return {"size": size, "sha256": digest.hexdigest()}


def _encode(value: object) -> str:
    """Dates and times in full ISO form (Django's JSON encoder drops microseconds), decimals and UUIDs as text."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    raise TypeError(f"cannot write {type(value).__name__}")


def _dump(target: Path) -> None:
    """Every row of every model, one JSON object a line (Django's python serialisation: primary keys kept)."""
    with target.open("w", encoding="utf-8") as out:
        for model in _models():
            rows = model._base_manager.order_by("pk").iterator(chunk_size=BATCH)
            while batch := list(itertools.islice(rows, BATCH)):  # a batch at a time: published PDFs are rows
                for row in serializers.serialize("python", batch):
                    out.write(json.dumps(row, default=_encode, ensure_ascii=False) + "\n")


def _load(source: Path) -> None:
    """The rows back, with their keys; references are checked once all are in, sequences set past them."""

    def rows() -> Iterator[dict[str, Any]]:
        with source.open(encoding="utf-8") as lines:
            for line in lines:
                yield json.loads(line)

    with connection.constraint_checks_disabled():
        for found in serializers.deserialize("python", rows()):
            found.m2m_data = {}  # the link tables are rows of their own in the archive, with their keys
            found.save()
    connection.check_constraints()
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), _models()):
            cursor.execute(statement)


def backup(path: Path) -> dict[str, Any]:
    """Write the archive to `path` (atomically: a temporary file renamed); returns the manifest."""
    path = Path(path).resolve()
    location = getattr(default_storage, "location", None)  # the local disk's folder; object storage has none
    if location and path.is_relative_to(Path(location).resolve()):
        raise ProngsaiError(
            "ไฟล์สำรองต้องไม่อยู่ในโฟลเดอร์ไฟล์ของระบบ (จะสำรองตัวเองไม่รู้จบ)",
            "the archive cannot be inside the storage",
        )
    with tempfile.TemporaryDirectory() as work:
        data_file = Path(work) / DATA_MEMBER
        outermost = not connection.in_atomic_block
        with transaction.atomic():
            if connection.vendor == "postgresql" and outermost:  # one snapshot for every table
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            schema = _schema()
            _dump(data_file)
        members: dict[str, dict[str, Any]] = {}
        partial = path.with_name(path.name + ".partial")
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            with data_file.open("rb") as source:
                members[DATA_MEMBER] = _add(archive, DATA_MEMBER, source)
            for name in _storage_files():
                with default_storage.open(name, "rb") as source:
                    members[FILES_PREFIX + name] = _add(archive, FILES_PREFIX + name, source)
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "database": connection.vendor,
                "schema": schema,
                "members": members,
            }
            archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
        partial.replace(path)
    return manifest


def _refuse(thai: str, english: str) -> ProngsaiError:
    return ProngsaiError(f"กู้คืนไม่ได้: {thai} ไม่มีการเปลี่ยนแปลงใด ๆ", english + "; nothing was changed")


def _manifest(archive: zipfile.ZipFile) -> dict[str, Any]:
    try:
        manifest = json.loads(archive.read("manifest.json"))
    except (KeyError, ValueError, zipfile.BadZipFile) as error:
        raise _refuse("ไฟล์สำรองไม่มีรายการกำกับ (manifest) ที่อ่านได้", f"no readable manifest ({error})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _refuse("ไฟล์นี้ไม่ใช่ไฟล์สำรองของโปร่งใส", "not a Prongsai backup")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise _refuse(
            f"ไฟล์สำรองรูปแบบที่ {manifest.get('format_version')} ระบบนี้อ่านรูปแบบที่ {FORMAT_VERSION}",
            "another backup format version",
        )
    if manifest.get("schema") != _schema():
        raise _refuse(
            "ไฟล์สำรองมาจากระบบรุ่นอื่น (โครงสร้างฐานข้อมูลไม่ตรงกัน) ให้กู้คืนด้วยโปร่งใสรุ่นเดียวกับที่สำรองไว้",
            "the backup comes from another version of the system (its migrations differ)",
        )
    members = manifest.get("members")
    if not isinstance(members, dict) or DATA_MEMBER not in members:
        raise _refuse("รายการกำกับไม่ครบ", "the manifest lists no data")
    for name in members:
        parts = PurePosixPath(name).parts
        if name != DATA_MEMBER and (
            not name.startswith(FILES_PREFIX) or ".." in parts or name.startswith("/")
        ):
            raise _refuse(f"ชื่อไฟล์ในไฟล์สำรองไม่ถูกต้อง: {name}", f"a bad member name: {name}")
    return manifest


def _verify(archive: zipfile.ZipFile, manifest: dict[str, Any]) -> None:
    """Every member present, of the size and hash the manifest gives (read in chunks: never more than stated)."""
    for name, expected in manifest["members"].items():
        digest, size = hashlib.sha256(), 0
        try:
            with archive.open(name) as member:
                while chunk := member.read(CHUNK):
                    size += len(chunk)
                    if size > int(expected["size"]):
                        break
                    digest.update(chunk)
        except (KeyError, zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
            raise _refuse(f"ไฟล์สำรองเสียหาย อ่าน {name} ไม่ได้", f"damaged archive: {name} ({error})") from None
        if size != int(expected["size"]) or digest.hexdigest() != expected["sha256"]:
            raise _refuse(
                f"ไฟล์สำรองเสียหาย {name} ไม่ตรงกับค่า hash ที่บันทึกไว้", f"damaged archive: {name} does not match"
            )


def _stored_hash(name: str) -> str:
    digest = hashlib.sha256()
    with default_storage.open(name, "rb") as source:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _models() -> list[Any]:
    return [m for m in apps.get_models(include_auto_created=True) if m._meta.managed and not m._meta.proxy]


def holds_data() -> bool:
    """Whether any table has rows beyond those Django makes by itself."""
    return any(model._base_manager.exists() for model in _models() if model not in SELF_MADE)


def restore(path: Path, *, force: bool = False) -> dict[str, Any]:
    """Load the archive at `path` into this database and storage; returns its manifest."""
    try:
        archive = zipfile.ZipFile(Path(path))
    except (OSError, zipfile.BadZipFile) as error:
        raise _refuse("เปิดไฟล์สำรองไม่ได้ หรือไฟล์ไม่ใช่ ZIP", f"cannot open the archive ({error})") from None
    with archive, tempfile.TemporaryDirectory() as work:
        manifest = _manifest(archive)
        _verify(archive, manifest)
        if holds_data() and not force:
            raise _refuse(
                "ฐานข้อมูลนี้มีข้อมูลอยู่แล้ว ให้กู้คืนลงฐานข้อมูลว่าง หรือสั่ง --force เพื่อแทนที่ข้อมูลทั้งหมด",
                "the database holds data: restore into an empty one, or --force to replace it all",
            )
        fixture = Path(work) / DATA_MEMBER
        with archive.open(DATA_MEMBER) as source, fixture.open("wb") as target:
            while chunk := source.read(CHUNK):
                target.write(chunk)
        written: list[str] = []
        try:
            with transaction.atomic():
                tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
                connection.ops.execute_sql_flush(
                    connection.ops.sql_flush(no_style(), tables, reset_sequences=True, allow_cascade=True)
                )
                _load(fixture)
                for member in manifest["members"]:
                    if member == DATA_MEMBER:
                        continue
                    name = member.removeprefix(FILES_PREFIX)
                    if default_storage.exists(name):
                        if _stored_hash(name) == manifest["members"][member]["sha256"]:
                            continue  # the same file is there already
                        default_storage.delete(name)
                    with archive.open(member) as source:
                        saved = default_storage.save(name, File(source, name=PurePosixPath(name).name))
                    written.append(saved)
                    if saved != name:
                        raise _refuse(f"เก็บไฟล์ {name} ไม่ได้", f"the storage renamed {name} to {saved}")
        except BaseException:
            for name in written:
                default_storage.delete(name)
            raise
    return manifest
