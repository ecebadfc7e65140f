"""Organization sign-up, members and invitations: the directory's pages, kept at their /accounts/… paths
(config/urls.py includes this beside kechuang.accounts.urls)."""

from django.urls import path

from kechuang.registry import views_members

app_name = "members"
urlpatterns = [
    path("signup/", views_members.signup, name="signup"),
    path("organizations/<int:pk>/members/", views_members.organization_members, name="organization_members"),
    path("memberships/<int:pk>/remove/", views_members.membership_remove, name="membership_remove"),
    path(
        "memberships/<int:pk>/password-reset/",
        views_members.member_password_reset,
        name="member_password_reset",
    ),
    path("invitations/<str:token>/", views_members.invitation_accept, name="invitation_accept"),
]
