from django.urls import path

from sangkien.matching import views

app_name = "matching"
urlpatterns = [
    path("", views.search_page, name="search"),
    path("investor/", views.investor_page, name="investor"),
    path("suggest-fields/", views.field_suggestions, name="suggest_fields"),
]
