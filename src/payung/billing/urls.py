from django.urls import path

from . import views

app_name = "billing"
urlpatterns = [
    path("skema/<int:scheme_id>/", views.bill_list, name="list"),
    path("skema/<int:scheme_id>/terbitkan/", views.bill_issue_view, name="issue"),
    path("skema/<int:scheme_id>/periksa-tunggakan/", views.lapse_check_view, name="lapse_check"),
    path("skema/<int:scheme_id>/<int:bill_id>/", views.bill_detail, name="detail"),
    path("skema/<int:scheme_id>/<int:bill_id>/bayar/", views.payment_record_view, name="pay"),
]
