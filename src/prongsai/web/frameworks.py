"""The site's framework registry, loaded once per process from the package and the site directory."""

from functools import cache

from django.conf import settings

from prongsai.core.frameworks import Framework
from prongsai.frameworks import FrameworkRegistry, load_frameworks


@cache
def registry() -> FrameworkRegistry:
    return load_frameworks(settings.PRONGSAI_FRAMEWORKS_DIR)


def framework_for_year(fiscal_year: int) -> Framework:
    """The framework a year's work answers to: that year's version, else the latest before it, else the first."""
    return registry().for_year(fiscal_year) or registry().get(registry().versions[0])
