"""The ITA framework files: one YAML file per version shipped in this package, plus a site's own directory.

A site file for a version replaces the shipped one, so an administrator can correct a framework without a
release. Parsing is strict: a duplicated key or a malformed entry is an error naming the file.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from prongsai.core.errors import FrameworkError
from prongsai.core.frameworks import Framework, framework_from_mapping

SITE_DIRECTORY_VARIABLE = "PRONGSAI_FRAMEWORKS_DIR"
MAX_FILE_BYTES = 2_000_000


# libyaml's parser (shipped in PyYAML's wheels) reads the files about ten times faster than the pure-Python one.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_SafeLoader):  # type: ignore[valid-type,misc]
    """A safe loader that refuses duplicate keys instead of keeping the last one silently."""


def _mapping_without_duplicates(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        seen.add(key)
    mapping: dict[Any, Any] = loader.construct_mapping(node)
    return mapping


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_duplicates)


def parse_framework(text: str, origin: str) -> Framework:
    """Parse and validate one framework from YAML text; `origin` names it in error messages."""
    try:
        data = yaml.load(text, Loader=_StrictLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise FrameworkError(
            origin, where, f"อ่าน YAML ไม่ได้ ({problem})", f"invalid YAML ({problem})"
        ) from None
    return framework_from_mapping(data, origin)


def load_framework_file(path: Path) -> Framework:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise FrameworkError(str(path), "", "ไฟล์ใหญ่เกินไป", "file too large")
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise FrameworkError(str(path), "", "ไฟล์ต้องเป็นข้อความ UTF-8", "the file must be UTF-8 text") from None
    except OSError as exc:
        raise FrameworkError(
            str(path), "", f"เปิดไฟล์ไม่ได้ ({exc.strerror})", f"cannot open ({exc.strerror})"
        ) from None
    return parse_framework(text, str(path))


def _builtin() -> Iterator[tuple[str, str]]:
    for entry in sorted(resources.files(__package__).iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            yield f"prongsai/frameworks/{entry.name}", entry.read_text(encoding="utf-8")


@dataclass(frozen=True)
class FrameworkRegistry:
    """Every framework version known to this installation, by version (fiscal year, BE)."""

    by_version: Mapping[int, Framework]

    @property
    def versions(self) -> list[int]:
        return sorted(self.by_version)

    def get(self, version: int) -> Framework:
        try:
            return self.by_version[version]
        except KeyError:
            known = ", ".join(str(v) for v in self.versions)
            raise FrameworkError(
                "frameworks",
                str(version),
                f"ไม่มีกรอบการประเมินปี {version} (มี: {known})",
                f"no framework for {version} (known: {known})",
            ) from None

    def for_year(self, fiscal_year: int) -> Framework | None:
        """The framework a year's work answers to: that year's version, else the latest before it."""
        earlier = [v for v in self.versions if v <= fiscal_year]
        return self.by_version[earlier[-1]] if earlier else None

    def previous(self, version: int) -> Framework | None:
        """The latest version before `version`, if any: last year's result is read under it."""
        earlier = [v for v in self.versions if v < version]
        return self.by_version[earlier[-1]] if earlier else None


def load_frameworks(site_directory: Path | str | None = None) -> FrameworkRegistry:
    """The shipped frameworks, with a site directory's files replacing or adding versions.

    `site_directory` defaults to the PRONGSAI_FRAMEWORKS_DIR environment variable; a missing directory is an error,
    since a misspelt path would otherwise silently fall back to the shipped versions.
    """
    by_version: dict[int, Framework] = {}
    for origin, text in _builtin():
        framework = parse_framework(text, origin)
        if framework.version in by_version:
            raise FrameworkError(
                origin,
                "version",
                f"ปี {framework.version} ซ้ำกับไฟล์อื่น",
                f"version {framework.version} is defined twice",
            )
        by_version[framework.version] = framework
    site = site_directory if site_directory is not None else os.environ.get(SITE_DIRECTORY_VARIABLE) or None
    if site is not None:
        directory = Path(site)
        if not directory.is_dir():
            raise FrameworkError(
                str(directory),
                "",
                "ไม่พบโฟลเดอร์กรอบการประเมินของหน่วยงาน",
                "the site frameworks directory does not exist",
            )
        site_versions: set[int] = set()
        for path in sorted(directory.glob("*.yaml")) + sorted(directory.glob("*.yml")):
            framework = load_framework_file(path)
            if framework.version in site_versions:
                raise FrameworkError(
                    str(path),
                    "version",
                    f"ปี {framework.version} ซ้ำกับไฟล์อื่นในโฟลเดอร์เดียวกัน",
                    f"version {framework.version} is defined twice in the site directory",
                )
            site_versions.add(framework.version)
            by_version[framework.version] = framework
    return FrameworkRegistry(by_version)
