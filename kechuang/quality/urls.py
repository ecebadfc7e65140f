from django.urls import path

from kechuang.quality.views import activities, complaints, registers

app_name = "quality"
urlpatterns = [
    path("mine/", registers.my_ip, name="my_ip"),
    path("organizations/<int:pk>/", registers.organization_ip, name="organization_ip"),
    path("organizations/<int:pk>/patents/", registers.patent_add, name="patent_add"),
    path("organizations/<int:pk>/patents/import/", registers.patent_import, name="patent_import"),
    path("organizations/<int:pk>/trademarks/", registers.trademark_add, name="trademark_add"),
    path("organizations/<int:pk>/trademarks/import/", registers.trademark_import, name="trademark_import"),
    path("organizations/<int:pk>/standards/", registers.standard_add, name="standard_add"),
    path("organizations/<int:pk>/products/", registers.product_add, name="product_add"),
    path("organizations/<int:pk>/figures/", registers.figures_update, name="figures_update"),
    path("organizations/<int:pk>/credit/", registers.credit_event_add, name="credit_event_add"),
    path("patents/<int:pk>/status/", registers.patent_status, name="patent_status"),
    path("patents/<int:pk>/deals/", registers.patent_deal_add, name="patent_deal_add"),
    path("trademarks/<int:pk>/fame/", registers.trademark_fame, name="trademark_fame"),
    path("events/", activities.event_list, name="event_list"),
    path("events/new/", activities.event_new, name="event_new"),
    path("events/<int:pk>/", activities.event_detail, name="event_detail"),
    path("coverage/", activities.coverage, name="coverage"),
    path("verify/", activities.verify, name="verify"),
    path("complaints/", complaints.complaint_list, name="complaint_list"),
    path("complaints/new/", complaints.complaint_new, name="complaint_new"),
    path("complaints/statistics/", activities.complaint_statistics, name="complaint_statistics"),
    path(
        "complaints/statistics/export/",
        activities.complaint_statistics_export,
        name="complaint_statistics_export",
    ),
    path("complaints/<int:pk>/", complaints.complaint_detail, name="complaint_detail"),
    path("complaints/<int:pk>/assign/", complaints.complaint_assign, name="complaint_assign"),
    path("complaints/<int:pk>/answer/", complaints.complaint_answer, name="complaint_answer"),
    path("complaints/<int:pk>/close/", complaints.complaint_close, name="complaint_close"),
]
