from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from prongsai.core.errors import FrameworkError
from prongsai.web.frameworks import registry


@require_GET
def framework_list(request: HttpRequest) -> HttpResponse:
    frameworks = [registry().get(v) for v in reversed(registry().versions)]
    return render(request, "web/home.html", {"frameworks": frameworks})


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
