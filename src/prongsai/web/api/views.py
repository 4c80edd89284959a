"""The person's own page of API tokens: make one (its text shown once), see them, revoke one."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from prongsai.web.api.models import ApiToken
from prongsai.web.api.tokens import token_create, token_revoke


class TokenForm(forms.Form):
    name = forms.CharField(label="ชื่อโทเคน (เช่น ไลน์บอทกองคลัง)", max_length=100)
    scope = forms.ChoiceField(label="สิทธิ์", choices=ApiToken.SCOPES, initial=ApiToken.READ)


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)  # login_required
    form = TokenForm(request.POST or None)
    shown = None
    if request.method == "POST" and form.is_valid():
        _, shown = token_create(
            user=request.user, name=form.cleaned_data["name"], scope=form.cleaned_data["scope"]
        )
        form = TokenForm()
    response = render(
        request,
        "api/tokens.html",
        {"form": form, "shown": shown, "tokens": ApiToken.objects.filter(user=request.user)},
        status=400 if request.method == "POST" and form.errors else 200,
    )
    response["Cache-Control"] = "no-store"  # the page that shows a token once is never kept by a cache
    return response


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    assert isinstance(request.user, User)
    token = token_revoke(user=request.user, pk=pk)
    messages.success(request, f"ยกเลิกโทเคน “{token.name}” แล้ว ใช้ไม่ได้อีก")
    return redirect("api-tokens")
