"""`prongsai backup` and `prongsai restore`: a round trip gives back every row of every table and every file;
a damaged archive, one of another version, or a database that holds data is refused and nothing changes."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from prongsai.cli import main
from prongsai.web.publication.models import Publication
from tests.web.conftest import World, stored_bytes

# The commands run outside any transaction, as from a shell; so do the tests.
pytestmark = pytest.mark.django_db(transaction=True)


def _tables() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, read with SQL (not through the models or the serialiser under test)."""
    found = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows = [
                tuple(bytes(v) if isinstance(v, memoryview) else v for v in row) for row in cursor.fetchall()
            ]
            found[table] = sorted(rows, key=repr)
    return found


def _files() -> dict[str, bytes]:
    """Every file under the media directory, read from the disk."""
    root = Path(settings.MEDIA_ROOT)
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), out=out, err=err), out.getvalue(), err.getvalue()


def _wipe() -> None:
    call_command("flush", interactive=False, verbosity=0)
    for path in Path(settings.MEDIA_ROOT).rglob("*"):
        if path.is_file():
            path.unlink()


@pytest.fixture
def backups(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder outside the storage (the world's media folder is its tmp_path)."""
    return tmp_path_factory.mktemp("backups")


@pytest.fixture
def published(world: World) -> World:
    world.client("approver").post(
        reverse("version-decide", args=[world.a.slug, world.version.pk]), {"decision": "approve"}
    )
    world.client("coordinator").post(reverse("version-publish", args=[world.a.slug, world.version.pk]))
    assert Publication.objects.filter(version=world.version).exists()
    return world


def test_a_round_trip_gives_back_every_table_and_every_file(
    published: World, backups: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("prongsai.web.backup.BATCH", 2)  # rows are written a batch at a time: cross the seams
    tables, files = _tables(), _files()
    assert len(files) >= 2 and sum(len(rows) for rows in tables.values()) > 50
    archive = backups / "สำรอง.zip"
    code, out, _ = _run("backup", str(archive))
    assert code == 0 and "สำรองฐานข้อมูลและไฟล์" in out
    _wipe()
    assert not User.objects.exists() and not _files()
    code, out, err = _run("restore", str(archive))
    assert code == 0, err
    assert "กู้คืน" in out
    assert _tables() == tables
    assert _files() == files
    # the restored system works: the published file still serves its bytes
    publication = Publication.objects.get()
    response = published.client("anonymous").get(
        reverse(
            "public-file", args=[published.a.slug, published.version.fiscal_year, "implementation", 1, "pdf"]
        )
    )
    assert response.content == stored_bytes(publication.pdf)


def _rewrite(source: Path, target: Path, change: Any) -> None:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            new.writestr(item.filename, change(item.filename, old.read(item.filename)))


def _damaged_member(name: str, data: bytes) -> bytes:
    return data.replace(b"\xe0", b"\xe1", 1) if name == "data.jsonl" else data


def _other_version(name: str, data: bytes) -> bytes:
    if name != "manifest.json":
        return data
    manifest = json.loads(data)
    manifest["schema"]["programme"].append("0099_a_later_change")
    return json.dumps(manifest).encode()


def _swapped_file(name: str, data: bytes) -> bytes:
    return b"%PDF-1.4 another file" if name.startswith("files/") else data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_damaged_member, "ไฟล์สำรองเสียหาย"),
        (_swapped_file, "ไฟล์สำรองเสียหาย"),
        (_other_version, "ไฟล์สำรองมาจากระบบรุ่นอื่น"),
        (lambda name, data: data if name != "manifest.json" else b"{", "manifest"),
    ],
)
def test_a_damaged_or_foreign_archive_is_refused_and_changes_nothing(
    published: World, backups: Path, change: Any, message: str
) -> None:
    good, bad = backups / "good.zip", backups / "bad.zip"
    assert _run("backup", str(good))[0] == 0
    _rewrite(good, bad, change)
    _wipe()
    tables, files = _tables(), _files()
    code, _, err = _run("restore", str(bad))
    assert code == 2 and message in err and "ไม่มีการเปลี่ยนแปลงใด ๆ" in err
    assert _tables() == tables and _files() == files


def test_a_truncated_or_foreign_file_is_refused(published: World, backups: Path) -> None:
    good = backups / "good.zip"
    assert _run("backup", str(good))[0] == 0
    cut = backups / "cut.zip"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    text = backups / "notes.zip"
    text.write_text("ไม่ใช่ไฟล์สำรอง", encoding="utf-8")
    _wipe()
    tables = _tables()
    for path in (cut, text, backups / "missing.zip"):
        code, _, err = _run("restore", str(path))
        assert code == 2 and "กู้คืนไม่ได้" in err
    assert _tables() == tables


def test_a_database_that_holds_data_is_refused_unless_forced(published: World, backups: Path) -> None:
    archive = backups / "b.zip"
    assert _run("backup", str(archive))[0] == 0
    tables, files = _tables(), _files()
    published.measure.title = "แก้หลังสำรอง"
    published.measure.save()
    changed = _tables()
    code, _, err = _run("restore", str(archive))
    assert code == 2 and "ฐานข้อมูลนี้มีข้อมูลอยู่แล้ว" in err and "--force" in err
    assert _tables() == changed
    code, _, err = _run("restore", str(archive), "--force")
    assert code == 0, err
    assert _tables() == tables and _files() == files
