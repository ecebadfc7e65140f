from django.urls import path

from kechuang.quality.views import complaints, registers

app_name = "quality"
urlpatterns = [
    path("mine/", registers.my_ip, name="my_ip"),
    path("organizations/<int:pk>/", registers.organization_ip, name="organization_ip"),
    path("organizations/<int:pk>/patents/", registers.patent_add, name="patent_add"),
    path("organizations/<int:pk>/patents/import/", registers.patent_import, name="patent_import"),
    path("organizations/<int:pk>/trademarks/", registers.trademark_add, name="trademark_add"),
    path("organizations/<int:pk>/standards/", registers.standard_add, name="standard_add"),
    path("organizations/<int:pk>/credit/", registers.credit_event_add, name="credit_event_add"),
    path("complaints/", complaints.complaint_list, name="complaint_list"),
    path("complaints/new/", complaints.complaint_new, name="complaint_new"),
    path("complaints/<int:pk>/", complaints.complaint_detail, name="complaint_detail"),
    path("complaints/<int:pk>/assign/", complaints.complaint_assign, name="complaint_assign"),
    path("complaints/<int:pk>/answer/", complaints.complaint_answer, name="complaint_answer"),
    path("complaints/<int:pk>/close/", complaints.complaint_close, name="complaint_close"),
]
