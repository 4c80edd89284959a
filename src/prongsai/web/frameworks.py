"""The site's framework registry, loaded once per process from the package and the site directory."""

from functools import cache

from django.conf import settings

from prongsai.frameworks import FrameworkRegistry, load_frameworks


@cache
def registry() -> FrameworkRegistry:
    return load_frameworks(settings.PRONGSAI_FRAMEWORKS_DIR)
