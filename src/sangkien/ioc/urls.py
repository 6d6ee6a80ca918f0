from django.urls import path

from sangkien.ioc import report_views, views

app_name = "ioc"
urlpatterns = [
    path("", views.dashboard_page, name="dashboard"),
    path("figures/", views.figures_fragment, name="figures"),
    path("stream/", views.stream, name="stream"),
    path("items/", views.items, name="items"),
    path("targets/", views.targets, name="targets"),
    path("transparency/", views.transparency, name="transparency"),
    path("reports/", report_views.reports, name="reports"),
    path("reports/<int:pk>.<str:fmt>", report_views.report_download, name="report_download"),
]
