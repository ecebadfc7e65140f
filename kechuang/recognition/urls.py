from django.urls import path

from kechuang.recognition import views, views_schemes

app_name = "recognition"
urlpatterns = [
    path("", views.index, name="index"),
    path("calls/<int:pk>/", views.call_detail, name="call_detail"),
    path("calls/<int:pk>/apply/", views.apply, name="apply"),
    path("calls/<int:pk>/nominate/", views.nominate, name="nominate"),
    path("publicity/", views.publicity, name="publicity"),
    path("publicity/<int:pk>/objection/", views.objection, name="objection"),
    path("verify/", views.verify, name="verify"),
    path("verify/<str:code>/", views.verify, name="verify_code"),
    path("mine/", views.my_applications, name="my_applications"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/edit/", views.application_edit, name="application_edit"),
    path("applications/<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("applications/<int:pk>/transition/", views.application_transition, name="application_transition"),
    path("applications/<int:pk>/re-evaluation/", views.re_evaluation_decide, name="re_evaluation_decide"),
    path("applications/<int:pk>/certificate.pdf", views.certificate_pdf, name="certificate_pdf"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
    path("objections/<int:pk>/resolve/", views.objection_resolve, name="objection_resolve"),
    path("schemes/<int:pk>/", views_schemes.scheme_detail, name="scheme_detail"),
    path("officer/schemes/", views_schemes.scheme_list, name="scheme_list"),
    path("officer/schemes/new/", views_schemes.scheme_new, name="scheme_new"),
    path("officer/schemes/<int:pk>/edit/", views_schemes.scheme_edit, name="scheme_edit"),
    path("officer/schemes/<int:pk>/status/", views_schemes.scheme_status, name="scheme_status"),
    path("officer/", views.officer_calls, name="officer_calls"),
    path("officer/calls/new/", views.call_new, name="call_new"),
    path("officer/calls/<int:pk>/", views.call_pipeline, name="call_pipeline"),
    path("officer/calls/<int:pk>/status/", views.call_status, name="call_status"),
    path("officer/calls/<int:pk>/ranking/", views.call_ranking, name="call_ranking"),
    path("officer/calls/<int:pk>/export.xlsx", views.call_export, name="call_export"),
]
