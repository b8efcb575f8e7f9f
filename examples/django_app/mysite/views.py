"""The app's own views, untouched by bridge: it answers only GET and HEAD on its page routes."""

from __future__ import annotations

import json

from django.contrib.auth import authenticate, login, logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import get_script_prefix
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    return target if target and safe else get_script_prefix()


@require_POST
def login_view(request: HttpRequest) -> HttpResponse:
    user = authenticate(request, username=request.POST.get("username"), password=request.POST.get("password"))
    if user is None:
        return JsonResponse({"error": "wrong user name or password"}, status=400)
    login(request, user)
    return HttpResponseRedirect(_next(request))


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return HttpResponseRedirect(_next(request))


@require_GET
def whoami(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"user": request.user.get_username() if request.user.is_authenticated else None})


@csrf_exempt  # an API for scripts; the HTML forms above keep Django's CSRF check
@require_POST
def add_note(request: HttpRequest) -> HttpResponse:
    text = str(json.loads(request.body or b"{}").get("text", ""))
    return JsonResponse({"text": text, "by": request.user.get_username() or None}, status=201)
