"""The app's own URLs: sign-in and the JSON API. The pages (``/``, ``/about``, ``/account``, ``/notes``) are
bridge's."""

from django.urls import path

from . import views

urlpatterns = [
    path("login", views.login_view),
    path("logout", views.logout_view),
    path("api/whoami", views.whoami),
    path("api/notes", views.add_note),
]
