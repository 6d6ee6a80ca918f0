from django.urls import path

from sangkien.initiatives import drafting_views, version_views, views
from sangkien.initiatives.feeds import NewInitiativesFeed

app_name = "initiatives"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("feed/", NewInitiativesFeed(), name="feed"),
    path("<int:pk>/", views.initiative_detail, name="detail"),
    path("<int:pk>/act/", views.initiative_act, name="act"),
    path("new/", drafting_views.initiative_new, name="new"),
    path("wards/", drafting_views.ward_options, name="wards"),
    path("<int:pk>/edit/", drafting_views.initiative_edit, name="edit"),
    path("<int:pk>/attachments/", drafting_views.attachment_upload, name="attachment_upload"),
    path("<int:pk>/attachments/<int:attachment_id>/", drafting_views.attachment_download,
         name="attachment"),
    path("<int:pk>/attachments/<int:attachment_id>/remove/", drafting_views.attachment_remove,
         name="attachment_remove"),
    path("<int:pk>/versions/", version_views.version_list, name="versions"),
    path("<int:pk>/versions/compare/", version_views.version_compare, name="compare"),
    path("mine/", views.my_initiatives, name="mine"),
    path("queue/<slug:code>/", views.unit_queue, name="queue"),
]
