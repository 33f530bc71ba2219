from django.urls import path

from . import auth_views

app_name = "api_tokens"
urlpatterns = [
    path("", auth_views.token_list, name="list"),
    path("<int:token_id>/cabut/", auth_views.token_revoke_view, name="revoke"),
]
