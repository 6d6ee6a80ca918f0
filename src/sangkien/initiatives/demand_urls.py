from django.urls import path

from sangkien.initiatives import demand_views
from sangkien.initiatives.feeds import OpenDemandsFeed

app_name = "demands"
urlpatterns = [
    path("", demand_views.demand_list, name="list"),
    path("new/", demand_views.demand_new, name="new"),
    path("feed/", OpenDemandsFeed(), name="feed"),
    path("<int:pk>/", demand_views.demand_detail, name="detail"),
    path("<int:pk>/act/", demand_views.demand_act, name="act"),
]
