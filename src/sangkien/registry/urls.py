from django.urls import path

from sangkien.registry import views

app_name = "registry"
urlpatterns = [
    path("checkpoint", views.checkpoint, name="checkpoint"),
    path("checkpoints/", views.checkpoints, name="checkpoints"),
    path("proof/consistency", views.consistency, name="consistency"),
    path("entries", views.entries, name="entries"),
    path("verify/", views.verify, name="verify"),
    path("tile/<path:path>", views.tile, name="tile"),
    path("receipts/<int:pk>/<int:number>.json", views.receipt_json, name="receipt_json"),
    path("receipts/<int:pk>/<int:number>/", views.receipt_page, name="receipt"),
    path("content/<int:pk>/<int:number>.json", views.version_content, name="content"),
]
