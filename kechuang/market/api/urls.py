from django.urls import path

from kechuang.market.api import views

urlpatterns = [
    path("market/achievements/", views.AchievementCollectionApi.as_view(), name="market-achievements"),
    path("market/achievements/<int:pk>/", views.AchievementDetailApi.as_view(), name="market-achievement"),
    path(
        "market/achievements/<int:pk>/suggestions/",
        views.AchievementSuggestionsApi.as_view(),
        name="market-achievement-suggestions",
    ),
    path(
        "market/achievements/<int:pk>/<str:action>/",
        views.AchievementActionApi.as_view(),
        name="market-achievement-action",
    ),
    path("market/demands/", views.DemandCollectionApi.as_view(), name="market-demands"),
    path("market/demands/<int:pk>/", views.DemandDetailApi.as_view(), name="market-demand"),
    path(
        "market/demands/<int:pk>/suggestions/",
        views.DemandSuggestionsApi.as_view(),
        name="market-demand-suggestions",
    ),
    path("market/feedback/", views.FeedbackApi.as_view(), name="market-feedback"),
    path("market/contacts/", views.ContactCollectionApi.as_view(), name="market-contacts"),
    path(
        "market/contacts/<int:pk>/respond/", views.ContactRespondApi.as_view(), name="market-contact-respond"
    ),
    path(
        "market/contacts/<int:pk>/messages/",
        views.ContactMessagesApi.as_view(),
        name="market-contact-messages",
    ),
    path("market/contracts/", views.ContractCollectionApi.as_view(), name="market-contracts"),
    path(
        "market/contracts/statistics/",
        views.ContractStatisticsApi.as_view(),
        name="market-contract-statistics",
    ),
    path(
        "market/contracts/statistics/regions/",
        views.ContractRegionStatisticsApi.as_view(),
        name="market-contract-statistics-regions",
    ),
    path("market/saved-searches/", views.SavedSearchApi.as_view(), name="market-saved-searches"),
    path(
        "market/saved-searches/<int:pk>/",
        views.SavedSearchDeleteApi.as_view(),
        name="market-saved-search",
    ),
    path("market/events/", views.EventCollectionApi.as_view(), name="market-events"),
    path("market/events/<int:pk>/", views.EventDetailApi.as_view(), name="market-event"),
    path("market/events/<int:pk>/publish/", views.EventPublishApi.as_view(), name="market-event-publish"),
    path("market/events/<int:pk>/items/", views.EventItemsApi.as_view(), name="market-event-items"),
    path(
        "market/events/<int:pk>/registrations/",
        views.EventRegistrationsApi.as_view(),
        name="market-event-registrations",
    ),
    path(
        "market/events/<int:pk>/registrations/<int:org>/",
        views.EventRegistrationCancelApi.as_view(),
        name="market-event-registration",
    ),
    path("market/events/<int:pk>/outcomes/", views.EventOutcomesApi.as_view(), name="market-event-outcomes"),
]
