from django.urls import path

from sangkien.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.me, name="me"),
    path("units/<slug:code>/", views.unit_detail, name="unit_detail"),
    path("units/<slug:code>/screening/", views.unit_screening, name="unit_screening"),
]
