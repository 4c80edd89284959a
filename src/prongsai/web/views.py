from collections import Counter

from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from prongsai.core.errors import FrameworkError
from prongsai.core.frameworks import Framework
from prongsai.core.vocabulary import CONFIDENCE
from prongsai.web.frameworks import registry


@require_GET
def framework_list(request: HttpRequest) -> HttpResponse:
    frameworks = [registry().get(v) for v in reversed(registry().versions)]
    rows = [(f, confidence_summary(f)) for f in frameworks]
    return render(request, "web/home.html", {"frameworks": frameworks, "rows": rows})


def confidence_summary(framework: Framework) -> str:
    """How sure the framework's entries are, in Thai: "ยืนยันจากแหล่งข้อมูล 10 · อนุมาน ยังไม่ยืนยัน 2"."""
    counts = Counter(
        entry.provenance.confidence
        for entries in (framework.indicators, framework.questions, framework.oit_items)
        for entry in entries
    )
    return " · ".join(f"{label} {counts[code]}" for code, label in CONFIDENCE.entries if counts[code])


@require_GET
def framework_detail(request: HttpRequest, version: int) -> HttpResponse:
    try:
        framework = registry().get(version)
    except FrameworkError:
        raise Http404("ไม่มีกรอบการประเมินปีนี้") from None
    return render(
        request, "web/framework.html", {"framework": framework, "sources": sorted(framework.sources.items())}
    )


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})
