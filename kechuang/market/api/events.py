"""``/api/v1/market/events/``: matchmaking events, their items, registrations and outcomes."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kechuang.core.api import InputSerializer, RawValueField
from kechuang.core.errors import ApplicationError
from kechuang.core.permissions import restrict
from kechuang.market import selectors, services
from kechuang.market.api.common import (
    LIST_LIMIT,
    PublicReadMixin,
    SubjectInput,
    operation,
    own_org,
    parsed,
    subject_of,
)
from kechuang.market.models import EventOutcome, EventRegistration, MatchmakingEvent


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


class EventCollectionApi(PublicReadMixin, APIView):
    @operation(
        "market_events_list",
        "对接活动（公开：已发布的活动；主办方和辖区官员另见筹备中的活动）",
        responses={200: EventOutput(many=True)},
    )
    def get(self, request: Request) -> Response:
        return Response(EventOutput(selectors.event_list(user=request.user)[:LIST_LIMIT], many=True).data)

    @operation(
        "market_events_create",
        "举办对接活动（官员：本辖区；单位成员：本单位主办）",
        request=EventInput,
        responses={201: EventOutput},
    )
    def post(self, request: Request) -> Response:
        data = parsed(request, EventInput)
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

    @operation("market_events_detail", "活动详情：路演项目、成效、报名数", responses={200: EventDetailOutput})
    def get(self, request: Request, pk: int) -> Response:
        return Response(_event_detail(selectors.event_get(user=request.user, pk=pk)))


class EventPublishApi(APIView):
    @operation("market_events_publish", "发布活动", request=None, responses={200: EventOutput})
    def post(self, request: Request, pk: int) -> Response:
        event = selectors.event_get(user=request.user, pk=pk, action="change")
        event = services.event_publish(event=event, actor=request.user)
        return Response(EventOutput(event).data)


class EventItemInput(SubjectInput):  # a published achievement or an open demand to present
    pass


class EventItemsApi(APIView):
    @operation(
        "market_events_items_add",
        "添加路演项目（已发布的成果或征集中的需求）",
        request=EventItemInput,
        responses={201: EventItemOutput},
    )
    def post(self, request: Request, pk: int) -> Response:
        event = selectors.event_get(user=request.user, pk=pk, action="change")
        v = parsed(request, EventItemInput)
        achievement, demand = subject_of(request, v)
        item = services.event_item_add(
            event=event, actor=request.user, achievement=achievement, demand=demand
        )
        return Response(EventItemOutput(item).data, status=status.HTTP_201_CREATED)


class EventRegistrationInput(InputSerializer):
    organization = RawValueField(help_text="报名单位编号（须为本人所在单位）")


class EventRegistrationsApi(APIView):
    @operation(
        "market_events_registrations_list",
        "报名单位（主办方和辖区官员见全部，单位成员见本单位）",
        responses={200: EventRegistrationOutput(many=True)},
    )
    def get(self, request: Request, pk: int) -> Response:
        event = selectors.event_get(user=request.user, pk=pk)
        rows = restrict(selectors.event_registrations(event=event), request.user, "view")
        return Response(EventRegistrationOutput(rows, many=True).data)

    @operation(
        "market_events_register",
        "报名（以本单位名义）",
        request=EventRegistrationInput,
        responses={201: EventRegistrationOutput},
    )
    def post(self, request: Request, pk: int) -> Response:
        event = selectors.event_get(user=request.user, pk=pk)
        v = parsed(request, EventRegistrationInput)
        org = own_org(request, v.get("organization"), field="organization")
        reg = services.event_register(event=event, actor=request.user, organization=org)
        return Response(EventRegistrationOutput(reg).data, status=status.HTTP_201_CREATED)


class EventRegistrationCancelApi(APIView):
    @operation("market_events_registration_cancel", "取消本单位的报名", responses={204: None})
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
    @operation(
        "market_events_outcomes_create",
        "记录活动成效（合作意向/签约协议）",
        request=EventOutcomeInput,
        responses={201: EventOutcomeOutput},
    )
    def post(self, request: Request, pk: int) -> Response:
        event = selectors.event_get(user=request.user, pk=pk, action="change")
        v = parsed(request, EventOutcomeInput)
        item = None
        if item_id := v.pop("item"):
            item = event.items.filter(pk=item_id).first()
            if item is None:
                raise ApplicationError(_("路演项目不属于本活动。"), extra={"field": "item"})
        outcome = services.event_outcome_record(event=event, actor=request.user, item=item, **v)
        return Response(EventOutcomeOutput(outcome).data, status=status.HTTP_201_CREATED)
