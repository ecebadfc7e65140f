from kechuang.core.api import api_paths
from kechuang.market.api import achievements, contacts, contracts, demands, events, feedback, saved_searches

urlpatterns = api_paths(
    "market/",
    "market-",
    [
        ("achievements/", achievements.AchievementCollectionApi, "achievements"),
        ("achievements/<int:pk>/", achievements.AchievementDetailApi, "achievement"),
        (
            "achievements/<int:pk>/suggestions/",
            achievements.AchievementSuggestionsApi,
            "achievement-suggestions",
        ),
        ("achievements/<int:pk>/<str:action>/", achievements.AchievementActionApi, "achievement-action"),
        ("demands/", demands.DemandCollectionApi, "demands"),
        ("demands/<int:pk>/", demands.DemandDetailApi, "demand"),
        ("demands/<int:pk>/suggestions/", demands.DemandSuggestionsApi, "demand-suggestions"),
        ("demands/<int:pk>/why/", demands.DemandWhyApi, "demand-why"),
        ("feedback/", feedback.FeedbackApi, "feedback"),
        ("contacts/", contacts.ContactCollectionApi, "contacts"),
        ("contacts/<int:pk>/respond/", contacts.ContactRespondApi, "contact-respond"),
        ("contacts/<int:pk>/messages/", contacts.ContactMessagesApi, "contact-messages"),
        ("contracts/", contracts.ContractCollectionApi, "contracts"),
        ("contracts/statistics/", contracts.ContractStatisticsApi, "contract-statistics"),
        (
            "contracts/statistics/regions/",
            contracts.ContractRegionStatisticsApi,
            "contract-statistics-regions",
        ),
        ("saved-searches/", saved_searches.SavedSearchApi, "saved-searches"),
        ("saved-searches/<int:pk>/", saved_searches.SavedSearchDeleteApi, "saved-search"),
        ("events/", events.EventCollectionApi, "events"),
        ("events/<int:pk>/", events.EventDetailApi, "event"),
        ("events/<int:pk>/publish/", events.EventPublishApi, "event-publish"),
        ("events/<int:pk>/items/", events.EventItemsApi, "event-items"),
        ("events/<int:pk>/registrations/", events.EventRegistrationsApi, "event-registrations"),
        ("events/<int:pk>/registrations/<int:org>/", events.EventRegistrationCancelApi, "event-registration"),
        ("events/<int:pk>/outcomes/", events.EventOutcomesApi, "event-outcomes"),
    ],
)
