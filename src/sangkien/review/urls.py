from django.urls import path

from sangkien.review import manage_views, views

app_name = "review"
urlpatterns = [
    path("", views.call_list, name="calls"),
    path("new/", manage_views.call_new, name="new"),
    path("reviews/", views.my_reviews, name="mine"),
    path("invitations/<int:pk>/answer/", views.invitation_answer, name="answer"),
    path("reviews/<int:pk>/", views.review_form, name="review"),
    path("<slug:code>/", views.call_detail, name="call"),
    path("<slug:code>/bids/", views.bids, name="bids"),
    path("<slug:code>/manage/", manage_views.manage, name="manage"),
    path("<slug:code>/manage/act/", manage_views.act, name="act"),
    path("<slug:code>/runs/<int:pk>/", manage_views.run_status, name="run"),
    path("<slug:code>/assessments/<int:initiative>/", views.assessment_detail,
         name="assessment"),
]
