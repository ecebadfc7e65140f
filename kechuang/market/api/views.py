"""The market's REST API (under /api/v1/market/): one class per operation, serializers beside it.

Input is passed raw to the services, which validate it (the same messages as the pages).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core.api import InputSerializer, RawValueField
from kechuang.core.errors import ApplicationError
from kechuang.core.permissions import get_object_or_404_for, restrict
from kechuang.market import selectors, services
from kechuang.market.models import (
    Achievement,
    Contact,
    ContactMessage,
    Demand,
    EventOutcome,
    EventRegistration,
    MatchmakingEvent,
    SavedSearch,
    TechContract,
)
from kechuang.registry.models import Organization
from kechuang.registry.selectors import user_is_officer, user_organizations

LIST_LIMIT = 200


def _own_org(request: Request, pk: Any, *, field: str = "owner") -> Organization:
    for org in user_organizations(request.user):
        if str(org.pk) == str(pk):
            return org
    raise ApplicationError(_("您无权以该单位名义操作。"), extra={"field": field})


class SuggestionOutput(serializers.Serializer):
    kind = serializers.CharField()
    id = serializers.IntegerField(source="obj.pk")
    name = serializers.SerializerMethodField()
    score = serializers.FloatField()
    reasons = serializers.ListField(child=serializers.CharField())
    features = serializers.ListField(child=serializers.DictField())

    def get_name(self, s: Any) -> str:
        return getattr(s.obj, "title", None) or getattr(s.obj, "name", "")


# ---------------------------------------------------------------------------------------------------------
# achievements


class AchievementOutput(serializers.ModelSerializer):
    owner_name = serializers.CharField(source="owner.name")
    field_code = serializers.CharField(source="field.code_with_section", default=None)
    status_display = serializers.CharField(source="get_status_display")

    class Meta:
        model = Achievement
        fields = [
            "id",
            "title",
            "summary",
            "keywords",
            "inventors",
            "owner",
            "owner_name",
            "field_code",
            "maturity",
            "trl",
            "patents",
            "transfer_modes",
            "price",
            "status",
            "status_display",
            "published_at",
            "expires_on",
        ]


class SearchResultOutput(serializers.Serializer):
    item = serializers.DictField()
    reasons = serializers.ListField(child=serializers.CharField())


class CreatedOutput(serializers.Serializer):
    id = serializers.IntegerField()


class SuggestionsOutput(serializers.Serializer):
    """Ranked suggestions per kind (achievements, experts, institutions, demands, enterprises)."""

    achievements = SuggestionOutput(many=True, required=False)
    experts = SuggestionOutput(many=True, required=False)
    institutions = SuggestionOutput(many=True, required=False)
    demands = SuggestionOutput(many=True, required=False)
    enterprises = SuggestionOutput(many=True, required=False)


class SearchPageOutput(serializers.Serializer):
    results = SearchResultOutput(many=True)


class SavedSearchOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    query = serializers.CharField()
    filters = serializers.DictField()


class AchievementInput(InputSerializer):
    owner = RawValueField(help_text="所有单位编号（须为本人所在单位）")
    title = serializers.CharField(required=False, allow_blank=True)
    summary = serializers.CharField(required=False, allow_blank=True)
    keywords = serializers.JSONField(required=False, help_text="列表或以逗号分隔的文本")
    inventors = serializers.CharField(required=False, allow_blank=True)
    field = RawValueField(help_text="行业代码，如 C33")
    maturity = serializers.CharField(required=False, allow_blank=True, help_text="lab / pilot / industrial")
    trl = RawValueField(help_text="技术就绪度 1–9")
    patents = serializers.JSONField(required=False, help_text="列表或以逗号分隔的文本")
    transfer_modes = serializers.JSONField(required=False, help_text="列表或以逗号分隔的文本")
    price = RawValueField(help_text="意向价格（元）")


class AchievementCollectionApi(APIView):
    def get_permissions(self):  # type: ignore[no-untyped-def]
        return [AllowAny()] if self.request.method == "GET" else super().get_permissions()

    @extend_schema(
        operation_id="market_achievements_list",
        summary="科技成果列表/检索",
        description="公开。带 q 时为全文+语义检索，返回匹配理由；可加 industry、region、trl_min 筛选。",
        responses={200: SearchPageOutput},
    )
    def get(self, request: Request) -> Response:
        q = request.query_params.get("q", "").strip()
        if q:
            filters = {
                k: request.query_params[k]
                for k in ("industry", "region", "maturity", "transfer_mode")
                if request.query_params.get(k)
            }
            if request.query_params.get("trl_min", "").isdigit():
                filters["trl_min"] = int(request.query_params["trl_min"])
            rows = selectors.achievement_search(user=request.user, query=q, filters=filters, k=50)
            return Response({"results": [{"item": AchievementOutput(a).data, "reasons": r} for a, r in rows]})
        rows = selectors.achievement_list(user=request.user)[:LIST_LIMIT]
        return Response({"results": [{"item": AchievementOutput(a).data, "reasons": []} for a in rows]})

    @extend_schema(
        operation_id="market_achievements_create",
        summary="新建成果（草稿）",
        request=AchievementInput,
        responses={201: AchievementOutput},
    )
    def post(self, request: Request) -> Response:
        body = AchievementInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.present()
        owner = _own_org(request, data.pop("owner", None))
        a = services.achievement_create(actor=request.user, owner=owner, data=data)
        return Response(AchievementOutput(a).data, status=status.HTTP_201_CREATED)


class AchievementDetailApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="market_achievements_detail", summary="成果详情", responses={200: AchievementOutput}
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(AchievementOutput(selectors.achievement_get(user=request.user, pk=pk)).data)


class AchievementReviewInput(InputSerializer):
    approve = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class AchievementActionApi(APIView):
    @extend_schema(
        operation_id="market_achievements_action",
        summary="成果操作：submit / review / renew / withdraw",
        request=AchievementReviewInput,
        responses={200: AchievementOutput},
    )
    def post(self, request: Request, pk: int, action: str) -> Response:
        if action == "submit":
            a = selectors.achievement_get(user=request.user, pk=pk, action="submit")
            services.achievement_submit(achievement=a, actor=request.user)
        elif action == "review":
            a = selectors.achievement_get(user=request.user, pk=pk, action="review")
            body = AchievementReviewInput(data=request.data)
            body.is_valid(raise_exception=True)
            services.achievement_review(achievement=a, actor=request.user, **body.validated_data)
        elif action == "renew":
            a = selectors.achievement_get(user=request.user, pk=pk, action="renew")
            services.achievement_renew(achievement=a, actor=request.user)
        elif action == "withdraw":
            a = selectors.achievement_get(user=request.user, pk=pk, action="withdraw")
            services.achievement_withdraw(achievement=a, actor=request.user)
        else:
            raise Http404
        a.refresh_from_db()
        return Response(AchievementOutput(a).data)


class AchievementSuggestionsApi(APIView):
    @extend_schema(
        operation_id="market_achievements_suggestions",
        summary="成果的潜在需求和企业（带理由）",
        responses={200: SuggestionsOutput},
    )
    def get(self, request: Request, pk: int) -> Response:
        a = selectors.achievement_get(user=request.user, pk=pk, action="change")
        result = selectors.achievement_suggestions(user=request.user, achievement=a)
        return Response({k: SuggestionOutput(v, many=True).data for k, v in result.items()})


# ---------------------------------------------------------------------------------------------------------
# demands


class DemandOutput(serializers.ModelSerializer):
    owner_name = serializers.CharField(source="owner.name")
    field_code = serializers.CharField(source="field.code_with_section", default=None)

    class Meta:
        model = Demand
        fields = [
            "id",
            "title",
            "problem",
            "keywords",
            "owner",
            "owner_name",
            "field_code",
            "budget",
            "deadline",
            "cooperation_modes",
            "min_trl",
            "is_bounty",
            "bounty_amount",
            "status",
            "published_at",
        ]


class DemandInput(InputSerializer):
    owner = RawValueField()
    title = serializers.CharField(required=False, allow_blank=True)
    problem = serializers.CharField(required=False, allow_blank=True)
    confidential_detail = serializers.CharField(required=False, allow_blank=True)
    keywords = serializers.JSONField(required=False, help_text="列表或以逗号分隔的文本")
    field = RawValueField()
    budget = RawValueField()
    deadline = RawValueField(help_text="YYYY-MM-DD")
    cooperation_modes = serializers.JSONField(required=False, help_text="列表或以逗号分隔的文本")
    min_trl = RawValueField()
    is_bounty = serializers.BooleanField(required=False, default=False)
    bounty_amount = RawValueField()
    publish = serializers.BooleanField(required=False, default=True)


class DemandCollectionApi(APIView):
    def get_permissions(self):  # type: ignore[no-untyped-def]
        return [AllowAny()] if self.request.method == "GET" else super().get_permissions()

    @extend_schema(
        operation_id="market_demands_list",
        summary="技术需求列表/检索（公开，不含保密内容）",
        responses={200: SearchPageOutput},
    )
    def get(self, request: Request) -> Response:
        q = request.query_params.get("q", "").strip()
        if q:
            rows = selectors.demand_search(user=request.user, query=q, k=50)
            return Response({"results": [{"item": DemandOutput(d).data, "reasons": r} for d, r in rows]})
        rows = selectors.demand_list(user=request.user)[:LIST_LIMIT]
        return Response({"results": [{"item": DemandOutput(d).data, "reasons": []} for d in rows]})

    @extend_schema(
        operation_id="market_demands_create",
        summary="发布技术需求",
        request=DemandInput,
        responses={201: DemandOutput},
    )
    def post(self, request: Request) -> Response:
        body = DemandInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.present()
        owner = _own_org(request, data.pop("owner", None))
        publish = data.pop("publish", True)
        d = services.demand_create(actor=request.user, owner=owner, data=data, publish=publish)
        return Response(DemandOutput(d).data, status=status.HTTP_201_CREATED)


class DemandDetailApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="market_demands_detail",
        summary="需求详情（保密内容仅对发布单位和已接受对接的单位可见）",
        responses={200: DemandOutput},
    )
    def get(self, request: Request, pk: int) -> Response:
        d = selectors.demand_get(user=request.user, pk=pk)
        data = DemandOutput(d).data
        if selectors.demand_confidential_visible(user=request.user, demand=d):
            data["confidential_detail"] = d.confidential_detail
        return Response(data)


class DemandSuggestionsApi(APIView):
    @extend_schema(
        operation_id="market_demands_suggestions",
        summary="需求的推荐成果、专家、机构（带理由）",
        responses={200: SuggestionsOutput},
    )
    def get(self, request: Request, pk: int) -> Response:
        d = selectors.demand_get(user=request.user, pk=pk, action="suggest")
        result = selectors.demand_suggestions(user=request.user, demand=d)
        return Response({k: SuggestionOutput(v, many=True).data for k, v in result.items()})


class FeedbackInput(InputSerializer):
    source_kind = serializers.ChoiceField(choices=["demand", "achievement"])
    source_id = serializers.IntegerField()
    target_kind = serializers.ChoiceField(choices=["achievement", "demand", "expert"])
    target_id = serializers.IntegerField()
    useful = serializers.BooleanField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class FeedbackApi(APIView):
    @extend_schema(
        operation_id="market_feedback",
        summary="对推荐结果反馈（有用/没用及原因），影响后续排序",
        request=FeedbackInput,
        responses={201: CreatedOutput},
    )
    def post(self, request: Request) -> Response:
        body = FeedbackInput(data=request.data)
        body.is_valid(raise_exception=True)
        v = body.validated_data
        if v["source_kind"] == "demand":
            source: Any = selectors.demand_get(user=request.user, pk=v["source_id"], action="suggest")
        else:
            source = selectors.achievement_get(user=request.user, pk=v["source_id"], action="change")
        fb = services.match_feedback_record(
            actor=request.user,
            source=source,
            target_kind=v["target_kind"],
            target_id=v["target_id"],
            useful=v["useful"],
            reason=v["reason"],
            note=v["note"],
        )
        return Response({"id": fb.pk}, status=status.HTTP_201_CREATED)


# ---------------------------------------------------------------------------------------------------------
# contacts


class ContactOutput(serializers.ModelSerializer):
    class Meta:
        model = Contact
        fields = [
            "id",
            "from_org",
            "to_org",
            "achievement",
            "demand",
            "message",
            "status",
            "created_at",
            "responded_at",
        ]


class ContactInput(InputSerializer):
    from_org = RawValueField()
    achievement = serializers.IntegerField(required=False, allow_null=True, default=None)
    demand = serializers.IntegerField(required=False, allow_null=True, default=None)
    message = serializers.CharField(required=False, allow_blank=True, default="")


class ContactCollectionApi(APIView):
    @extend_schema(
        operation_id="market_contacts_list", summary="我的对接", responses={200: ContactOutput(many=True)}
    )
    def get(self, request: Request) -> Response:
        return Response(ContactOutput(selectors.contact_list(user=request.user)[:LIST_LIMIT], many=True).data)

    @extend_schema(
        operation_id="market_contacts_create",
        summary="发起对接",
        request=ContactInput,
        responses={201: ContactOutput},
    )
    def post(self, request: Request) -> Response:
        body = ContactInput(data=request.data)
        body.is_valid(raise_exception=True)
        v = body.validated_data
        org = _own_org(request, v["from_org"])
        achievement = (
            selectors.achievement_get(user=request.user, pk=v["achievement"]) if v["achievement"] else None
        )
        demand = selectors.demand_get(user=request.user, pk=v["demand"]) if v["demand"] else None
        c = services.contact_create(
            actor=request.user, from_org=org, achievement=achievement, demand=demand, message=v["message"]
        )
        return Response(ContactOutput(c).data, status=status.HTTP_201_CREATED)


class RespondInput(InputSerializer):
    accept = serializers.BooleanField()


class ContactRespondApi(APIView):
    @extend_schema(
        operation_id="market_contacts_respond",
        summary="接受或拒绝对接",
        request=RespondInput,
        responses={200: ContactOutput},
    )
    def post(self, request: Request, pk: int) -> Response:
        c = selectors.contact_get(user=request.user, pk=pk)
        body = RespondInput(data=request.data)
        body.is_valid(raise_exception=True)
        services.contact_respond(contact=c, actor=request.user, accept=body.validated_data["accept"])
        return Response(ContactOutput(c).data)


class MessageOutput(serializers.ModelSerializer):
    author = serializers.CharField(source="author.__str__", default="")

    class Meta:
        model = ContactMessage
        fields = ["id", "author", "body", "created_at"]


class MessageInput(InputSerializer):
    body = serializers.CharField(required=False, allow_blank=True, default="")


class ContactMessagesApi(APIView):
    @extend_schema(
        operation_id="market_contacts_messages", summary="洽谈消息", responses={200: MessageOutput(many=True)}
    )
    def get(self, request: Request, pk: int) -> Response:
        c = selectors.contact_get(user=request.user, pk=pk)
        return Response(MessageOutput(c.messages.select_related("author"), many=True).data)

    @extend_schema(
        operation_id="market_contacts_message_post",
        summary="发送洽谈消息",
        request=MessageInput,
        responses={201: MessageOutput},
    )
    def post(self, request: Request, pk: int) -> Response:
        c = selectors.contact_get(user=request.user, pk=pk)
        body = MessageInput(data=request.data)
        body.is_valid(raise_exception=True)
        m = services.contact_message_post(contact=c, actor=request.user, body=body.validated_data["body"])
        return Response(MessageOutput(m).data, status=status.HTTP_201_CREATED)


# ---------------------------------------------------------------------------------------------------------
# contracts


class ContractOutput(serializers.ModelSerializer):
    class Meta:
        model = TechContract
        fields = [
            "id",
            "registration_no",
            "contract_type",
            "title",
            "seller",
            "buyer",
            "amount",
            "tech_amount",
            "signed_on",
            "region",
            "field",
        ]


class ContractInput(InputSerializer):
    seller = serializers.IntegerField()
    buyer = serializers.IntegerField()
    contract_type = serializers.CharField()
    title = serializers.CharField(required=False, allow_blank=True, default="")
    amount = RawValueField()
    tech_amount = RawValueField()
    signed_on = RawValueField()
    field = RawValueField()
    outcome = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="对接活动签约协议编号（登记后与之关联）"
    )


class ContractCollectionApi(APIView):
    @extend_schema(
        operation_id="market_contracts_list",
        summary="技术合同（参与方和辖区官员可见）",
        responses={200: ContractOutput(many=True)},
    )
    def get(self, request: Request) -> Response:
        return Response(
            ContractOutput(selectors.contract_list(user=request.user)[:LIST_LIMIT], many=True).data
        )

    @extend_schema(
        operation_id="market_contracts_register",
        summary="技术合同登记",
        request=ContractInput,
        responses={201: ContractOutput},
    )
    def post(self, request: Request) -> Response:
        body = ContractInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.present()
        outcome_id = data.pop("outcome", None)
        outcome = selectors.event_outcome_get(user=request.user, pk=outcome_id) if outcome_id else None
        orgs = {o.pk: o for o in Organization.objects.filter(pk__in=[data.get("seller"), data.get("buyer")])}
        data["seller"], data["buyer"] = orgs.get(data.get("seller")), orgs.get(data.get("buyer"))
        if outcome is not None and outcome.item_id and outcome.item.achievement_id:
            data["achievement"] = outcome.item.achievement
        c = services.contract_register(actor=request.user, data=data, outcome=outcome)
        return Response(ContractOutput(c).data, status=status.HTTP_201_CREATED)


class ContractStatisticsApi(APIView):
    @extend_schema(
        operation_id="market_contracts_statistics",
        summary="技术合同统计（按地区、领域、类型）",
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request) -> Response:
        return Response(selectors.contract_statistics(user=request.user))


# ---------------------------------------------------------------------------------------------------------
# saved searches


class SavedSearchInput(InputSerializer):
    name = serializers.CharField(required=False, allow_blank=True, default="")
    kind = serializers.CharField()
    query = serializers.CharField(required=False, allow_blank=True, default="")
    filters = serializers.DictField(required=False, default=dict)


class SavedSearchApi(APIView):
    @extend_schema(
        operation_id="market_saved_searches_list",
        summary="我保存的检索",
        responses={200: SavedSearchOutput(many=True)},
    )
    def get(self, request: Request) -> Response:
        rows = selectors.saved_search_list(user=request.user)
        return Response(
            [
                {"id": s.pk, "name": s.name, "kind": s.kind, "query": s.query, "filters": s.filters}
                for s in rows
            ]
        )

    @extend_schema(
        operation_id="market_saved_searches_create",
        summary="保存检索（有新匹配时通知）",
        request=SavedSearchInput,
        responses={201: CreatedOutput},
    )
    def post(self, request: Request) -> Response:
        body = SavedSearchInput(data=request.data)
        body.is_valid(raise_exception=True)
        s = services.saved_search_create(actor=request.user, **body.validated_data)
        return Response({"id": s.pk}, status=status.HTTP_201_CREATED)


class SavedSearchDeleteApi(APIView):
    @extend_schema(
        operation_id="market_saved_searches_delete", summary="删除保存的检索", responses={204: None}
    )
    def delete(self, request: Request, pk: int) -> Response:
        saved = get_object_or_404_for(request.user, SavedSearch.objects.all(), "delete", pk=pk)
        services.saved_search_delete(saved=saved, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# ---------------------------------------------------------------------------------------------------------
# matchmaking events


class EventItemOutput(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.SerializerMethodField()
    subject_id = serializers.SerializerMethodField()
    title = serializers.CharField(source="subject.title")

    def get_kind(self, item: Any) -> str:
        return "achievement" if item.achievement_id else "demand"

    def get_subject_id(self, item: Any) -> int:
        return int(item.achievement_id or item.demand_id)


class EventOutcomeOutput(serializers.ModelSerializer):
    class Meta:
        model = EventOutcome
        fields = ["id", "kind", "item", "seller", "buyer", "parties", "amount", "note", "contract"]


class EventRegistrationOutput(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name")

    class Meta:
        model = EventRegistration
        fields = ["id", "organization", "organization_name", "created_at"]


class EventOutput(serializers.ModelSerializer):
    organizer_name = serializers.CharField(source="organizer.name")

    class Meta:
        model = MatchmakingEvent
        fields = [
            "id",
            "title",
            "description",
            "organizer",
            "organizer_name",
            "region",
            "location",
            "starts_at",
            "status",
            "published_at",
        ]


class EventDetailOutput(EventOutput):
    items = EventItemOutput(many=True, source="item_rows")
    outcomes = EventOutcomeOutput(many=True, source="outcome_rows")
    registration_count = serializers.IntegerField(source="registration_total")

    class Meta(EventOutput.Meta):
        fields = [*EventOutput.Meta.fields, "items", "outcomes", "registration_count"]


class EventInput(InputSerializer):
    organizer = RawValueField(help_text="主办单位：编号、统一社会信用代码或全称")
    title = serializers.CharField(required=False, allow_blank=True, default="")
    starts_at = RawValueField(help_text="开始时间，YYYY-MM-DD HH:MM（北京时间）或 ISO 8601")
    region = RawValueField(help_text="举办地区代码（GB/T 2260）")
    location = serializers.CharField(required=False, allow_blank=True, default="")
    description = serializers.CharField(required=False, allow_blank=True, default="")
    publish = serializers.BooleanField(required=False, default=False)


class EventCollectionApi(APIView):
    def get_permissions(self):  # type: ignore[no-untyped-def]
        return [AllowAny()] if self.request.method == "GET" else super().get_permissions()

    @extend_schema(
        operation_id="market_events_list",
        summary="对接活动（公开：已发布的活动；主办方和辖区官员另见筹备中的活动）",
        responses={200: EventOutput(many=True)},
    )
    def get(self, request: Request) -> Response:
        return Response(EventOutput(selectors.event_list(user=request.user)[:LIST_LIMIT], many=True).data)

    @extend_schema(
        operation_id="market_events_create",
        summary="举办对接活动（官员：本辖区；单位成员：本单位主办）",
        request=EventInput,
        responses={201: EventOutput},
    )
    def post(self, request: Request) -> Response:
        body = EventInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        publish = data.pop("publish")
        with transaction.atomic():
            event = services.event_create(actor=request.user, **data)
            if publish:
                event = services.event_publish(event=event, actor=request.user)
        return Response(EventOutput(event).data, status=status.HTTP_201_CREATED)


def _event_detail(event: MatchmakingEvent) -> dict[str, Any]:
    event.item_rows = list(selectors.event_items(event=event))  # type: ignore[attr-defined]
    event.outcome_rows = list(selectors.event_outcomes(event=event))  # type: ignore[attr-defined]
    event.registration_total = event.registrations.count()  # type: ignore[attr-defined]
    return EventDetailOutput(event).data


class EventDetailApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="market_events_detail",
        summary="活动详情：路演项目、成效、报名数",
        responses={200: EventDetailOutput},
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(_event_detail(selectors.event_get(user=request.user, pk=pk)))


class EventPublishApi(APIView):
    @extend_schema(
        operation_id="market_events_publish", summary="发布活动", request=None, responses={200: EventOutput}
    )
    def post(self, request: Request, pk: int) -> Response:
        event = selectors.event_get(user=request.user, pk=pk, action="change")
        event = services.event_publish(event=event, actor=request.user)
        return Response(EventOutput(event).data)


class EventItemInput(InputSerializer):
    achievement = serializers.IntegerField(required=False, allow_null=True, default=None)
    demand = serializers.IntegerField(required=False, allow_null=True, default=None)


class EventItemsApi(APIView):
    @extend_schema(
        operation_id="market_events_items_add",
        summary="添加路演项目（已发布的成果或征集中的需求）",
        request=EventItemInput,
        responses={201: EventItemOutput},
    )
    def post(self, request: Request, pk: int) -> Response:
        event = selectors.event_get(user=request.user, pk=pk, action="change")
        body = EventItemInput(data=request.data)
        body.is_valid(raise_exception=True)
        v = body.validated_data
        achievement = (
            selectors.achievement_get(user=request.user, pk=v["achievement"]) if v["achievement"] else None
        )
        demand = selectors.demand_get(user=request.user, pk=v["demand"]) if v["demand"] else None
        item = services.event_item_add(
            event=event, actor=request.user, achievement=achievement, demand=demand
        )
        return Response(EventItemOutput(item).data, status=status.HTTP_201_CREATED)


class EventRegistrationInput(InputSerializer):
    organization = RawValueField(help_text="报名单位编号（须为本人所在单位）")


class EventRegistrationsApi(APIView):
    @extend_schema(
        operation_id="market_events_registrations_list",
        summary="报名单位（主办方和辖区官员见全部，单位成员见本单位）",
        responses={200: EventRegistrationOutput(many=True)},
    )
    def get(self, request: Request, pk: int) -> Response:
        event = selectors.event_get(user=request.user, pk=pk)
        rows = restrict(selectors.event_registrations(event=event), request.user, "view")
        return Response(EventRegistrationOutput(rows, many=True).data)

    @extend_schema(
        operation_id="market_events_register",
        summary="报名（以本单位名义）",
        request=EventRegistrationInput,
        responses={201: EventRegistrationOutput},
    )
    def post(self, request: Request, pk: int) -> Response:
        event = selectors.event_get(user=request.user, pk=pk)
        body = EventRegistrationInput(data=request.data)
        body.is_valid(raise_exception=True)
        org = _own_org(request, body.validated_data.get("organization"), field="organization")
        reg = services.event_register(event=event, actor=request.user, organization=org)
        return Response(EventRegistrationOutput(reg).data, status=status.HTTP_201_CREATED)


class EventRegistrationCancelApi(APIView):
    @extend_schema(
        operation_id="market_events_registration_cancel",
        summary="取消本单位的报名",
        responses={204: None},
    )
    def delete(self, request: Request, pk: int, org: int) -> Response:
        event = selectors.event_get(user=request.user, pk=pk)
        reg = selectors.event_registration_get(user=request.user, event=event, organization_id=org)
        services.event_registration_cancel(registration=reg, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class EventOutcomeInput(InputSerializer):
    kind = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="intention / agreement"
    )
    item = serializers.IntegerField(required=False, allow_null=True, default=None, help_text="路演项目编号")
    seller = RawValueField(help_text="卖方：编号、统一社会信用代码或全称")
    buyer = RawValueField(help_text="买方：编号、统一社会信用代码或全称")
    parties = serializers.CharField(required=False, allow_blank=True, default="")
    amount = RawValueField(help_text="金额（元）")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class EventOutcomesApi(APIView):
    @extend_schema(
        operation_id="market_events_outcomes_create",
        summary="记录活动成效（合作意向/签约协议）",
        request=EventOutcomeInput,
        responses={201: EventOutcomeOutput},
    )
    def post(self, request: Request, pk: int) -> Response:
        event = selectors.event_get(user=request.user, pk=pk, action="change")
        body = EventOutcomeInput(data=request.data)
        body.is_valid(raise_exception=True)
        v = dict(body.validated_data)
        item = None
        if v.pop("item"):
            item = event.items.filter(pk=body.validated_data["item"]).first()
            if item is None:
                raise ApplicationError(_("路演项目不属于本活动。"), extra={"field": "item"})
        outcome = services.event_outcome_record(event=event, actor=request.user, item=item, **v)
        return Response(EventOutcomeOutput(outcome).data, status=status.HTTP_201_CREATED)


class StatRowOutput(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    amount = serializers.DecimalField(max_digits=20, decimal_places=2)
    tech_amount = serializers.DecimalField(max_digits=20, decimal_places=2)
    drill = serializers.CharField()


class RegionStatisticsOutput(serializers.Serializer):
    region = serializers.CharField(allow_null=True, help_text="统计起点的地区代码")
    by_region = StatRowOutput(many=True)
    by_field = StatRowOutput(many=True)
    by_type = StatRowOutput(many=True)
    total = StatRowOutput()


class ContractRegionStatisticsApi(APIView):
    @extend_schema(
        operation_id="market_contracts_statistics_regions",
        summary="技术合同统计（官员辖区，按下级地区汇总；金额单位：元）",
        description="可选参数：region（下钻的地区代码，须在本人辖区内）、contract_type、year。",
        responses={200: RegionStatisticsOutput},
    )
    def get(self, request: Request) -> Response:
        if not (user_is_officer(request.user) or user_is_platform_admin(request.user)):
            raise Http404
        params = request.query_params
        stats = selectors.contract_statistics_rollup(
            user=request.user,
            region_code=params.get("region", ""),
            filters={"contract_type": params.get("contract_type", ""), "year": params.get("year", "")},
        )
        data = {**stats, "region": stats["region"].code if stats["region"] is not None else None}
        return Response(RegionStatisticsOutput(data).data)
