from django.urls import path

from sangkien.initiatives import views
from sangkien.initiatives.feeds import NewInitiativesFeed

app_name = "initiatives"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("feed/", NewInitiativesFeed(), name="feed"),
    path("<int:pk>/", views.initiative_detail, name="detail"),
    path("<int:pk>/act/", views.initiative_act, name="act"),
    path("mine/", views.my_initiatives, name="mine"),
    path("queue/<slug:code>/", views.unit_queue, name="queue"),
]
