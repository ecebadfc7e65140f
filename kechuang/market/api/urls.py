from django.urls import path

from kechuang.market.api import achievements, contacts, contracts, demands, events, feedback, saved_searches

urlpatterns = [
    path("market/achievements/", achievements.AchievementCollectionApi.as_view(), name="market-achievements"),
    path(
        "market/achievements/<int:pk>/",
        achievements.AchievementDetailApi.as_view(),
        name="market-achievement",
    ),
    path(
        "market/achievements/<int:pk>/suggestions/",
        achievements.AchievementSuggestionsApi.as_view(),
        name="market-achievement-suggestions",
    ),
    path(
        "market/achievements/<int:pk>/<str:action>/",
        achievements.AchievementActionApi.as_view(),
        name="market-achievement-action",
    ),
    path("market/demands/", demands.DemandCollectionApi.as_view(), name="market-demands"),
    path("market/demands/<int:pk>/", demands.DemandDetailApi.as_view(), name="market-demand"),
    path(
        "market/demands/<int:pk>/suggestions/",
        demands.DemandSuggestionsApi.as_view(),
        name="market-demand-suggestions",
    ),
    path("market/demands/<int:pk>/why/", demands.DemandWhyApi.as_view(), name="market-demand-why"),
    path("market/feedback/", feedback.FeedbackApi.as_view(), name="market-feedback"),
    path("market/contacts/", contacts.ContactCollectionApi.as_view(), name="market-contacts"),
    path(
        "market/contacts/<int:pk>/respond/",
        contacts.ContactRespondApi.as_view(),
        name="market-contact-respond",
    ),
    path(
        "market/contacts/<int:pk>/messages/",
        contacts.ContactMessagesApi.as_view(),
        name="market-contact-messages",
    ),
    path("market/contracts/", contracts.ContractCollectionApi.as_view(), name="market-contracts"),
    path(
        "market/contracts/statistics/",
        contracts.ContractStatisticsApi.as_view(),
        name="market-contract-statistics",
    ),
    path(
        "market/contracts/statistics/regions/",
        contracts.ContractRegionStatisticsApi.as_view(),
        name="market-contract-statistics-regions",
    ),
    path("market/saved-searches/", saved_searches.SavedSearchApi.as_view(), name="market-saved-searches"),
    path(
        "market/saved-searches/<int:pk>/",
        saved_searches.SavedSearchDeleteApi.as_view(),
        name="market-saved-search",
    ),
    path("market/events/", events.EventCollectionApi.as_view(), name="market-events"),
    path("market/events/<int:pk>/", events.EventDetailApi.as_view(), name="market-event"),
    path("market/events/<int:pk>/publish/", events.EventPublishApi.as_view(), name="market-event-publish"),
    path("market/events/<int:pk>/items/", events.EventItemsApi.as_view(), name="market-event-items"),
    path(
        "market/events/<int:pk>/registrations/",
        events.EventRegistrationsApi.as_view(),
        name="market-event-registrations",
    ),
    path(
        "market/events/<int:pk>/registrations/<int:org>/",
        events.EventRegistrationCancelApi.as_view(),
        name="market-event-registration",
    ),
    path("market/events/<int:pk>/outcomes/", events.EventOutcomesApi.as_view(), name="market-event-outcomes"),
]
