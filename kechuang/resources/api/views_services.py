"""Service agencies and commissioners through the API: the public service catalogue, the user's service
orders (list, order, the agency's and the enterprise's moves) and the dispatches the user sees."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kechuang.core.api import InputSerializer
from kechuang.core.permissions import get_object_or_404_for
from kechuang.resources import selectors_agencies, selectors_commissioners
from kechuang.resources.api.common import MoveInput, PaidOutput, own_organization, validated
from kechuang.resources.choices import OrderStatus, ServiceKind
from kechuang.resources.models_agencies import AgencyService, ServiceAgency, ServiceOrder
from kechuang.resources.services import agencies as services


class ServiceOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    agency = serializers.CharField(source="agency.organization.name")
    price = serializers.DecimalField(max_digits=18, decimal_places=2)
    unit = serializers.CharField()
    region_served = serializers.CharField(source="region_served.name")
    description = serializers.CharField()


class ServiceListApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="resources_service_list",
        parameters=[
            OpenApiParameter("q", str, description="keyword"),
            OpenApiParameter("kind", str, description="service category"),
            OpenApiParameter("region", str, description="a region code the service must serve"),
        ],
        responses=ServiceOutput(many=True),
    )
    def get(self, request: Request) -> Response:
        found = selectors_agencies.service_search(
            user=request.user,
            q=request.query_params.get("q", ""),
            kind=request.query_params.get("kind", ""),
            region=request.query_params.get("region", ""),
        )[:200]
        return Response(ServiceOutput(found, many=True).data)


class OrderOutput(PaidOutput):
    service = serializers.IntegerField(source="service_id")
    service_name = serializers.CharField(source="service.name")
    agency = serializers.CharField(source="service.agency.organization.name")
    enterprise = serializers.IntegerField(source="enterprise_id")
    description = serializers.CharField()
    delivery_note = serializers.CharField()
    delivered_on = serializers.DateField(allow_null=True)


class OrderInput(InputSerializer):
    service = serializers.IntegerField()
    enterprise = serializers.IntegerField()
    description = serializers.CharField()


class OrderListApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="resources_order_list", responses=OrderOutput(many=True))
    def get(self, request: Request) -> Response:
        mine = selectors_agencies.my_orders(user=request.user)
        theirs = selectors_agencies.agency_orders(user=request.user)
        return Response(OrderOutput((mine | theirs).distinct().order_by("-id")[:500], many=True).data)

    @extend_schema(operation_id="resources_order_create", request=OrderInput, responses={201: OrderOutput})
    def post(self, request: Request) -> Response:
        v = validated(OrderInput, request)
        enterprise = own_organization(request.user, v["enterprise"])
        service = get_object_or_404_for(request.user, AgencyService.objects.all(), "view", pk=v["service"])
        order = services.order_request(
            actor=request.user,
            service=service,
            enterprise=enterprise,
            description=v["description"],
        )
        return Response(OrderOutput(order).data, status=status.HTTP_201_CREATED)


class OrderMoveInput(MoveInput):
    to = serializers.ChoiceField(choices=[OrderStatus.ACCEPTED, OrderStatus.DECLINED, OrderStatus.CANCELLED])


class OrderTransitionApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="resources_order_transition", request=OrderMoveInput, responses=OrderOutput)
    def post(self, request: Request, pk: int) -> Response:
        order = get_object_or_404_for(request.user, ServiceOrder.objects.all(), "view", pk=pk)
        v = validated(OrderMoveInput, request)
        services.order_transition(
            order=order, to=v["to"], actor=request.user, note=v["note"], expected_version=v.get("version")
        )
        order.refresh_from_db()
        return Response(OrderOutput(order).data)


class DeliveryInput(InputSerializer):
    fee = serializers.DecimalField(max_digits=18, decimal_places=2)
    delivery_note = serializers.CharField(allow_blank=True)  # the service says what is missing
    version = serializers.IntegerField(required=False)


class OrderDeliveryApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="resources_order_deliver", request=DeliveryInput, responses=OrderOutput)
    def post(self, request: Request, pk: int) -> Response:
        """The agency records the delivery of an accepted order and its fee (the page's 登记交付)."""
        order = get_object_or_404_for(request.user, ServiceOrder.objects.all(), "view", pk=pk)
        v = validated(DeliveryInput, request)
        services.order_deliver(
            order=order,
            actor=request.user,
            fee=v["fee"],
            delivery_note=v["delivery_note"],
            expected_version=v.get("version"),
        )
        order.refresh_from_db()
        return Response(OrderOutput(order).data)


class ServiceInput(InputSerializer):
    name = serializers.CharField(allow_blank=True)  # the service says what is missing
    kind = serializers.ChoiceField(choices=ServiceKind.choices)
    price = serializers.DecimalField(max_digits=18, decimal_places=2)
    unit = serializers.CharField(required=False, default="次")
    region_served = serializers.CharField(help_text="GB/T 2260 region code, e.g. 220100")
    description = serializers.CharField(required=False, allow_blank=True, default="")


class AgencyServiceCreateApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="resources_agency_service_create", request=ServiceInput, responses={201: ServiceOutput}
    )
    def post(self, request: Request, pk: int) -> Response:
        """The agency's admin lists a service in its catalogue (the page's 添加服务项目)."""
        agency = get_object_or_404_for(request.user, ServiceAgency.objects.all(), "view", pk=pk)
        data = validated(ServiceInput, request)
        service = services.service_create(actor=request.user, agency=agency, **data)
        return Response(ServiceOutput(service).data, status=status.HTTP_201_CREATED)


class DispatchOutput(serializers.Serializer):
    id = serializers.IntegerField()
    commissioner = serializers.CharField(source="commissioner.__str__")
    home = serializers.CharField(source="commissioner.home.name")
    expertise = serializers.CharField(source="commissioner.expertise")
    host_kind = serializers.CharField()
    host = serializers.CharField(source="host_name")
    agreement_no = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")


class DispatchListApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="resources_dispatch_list", responses=DispatchOutput(many=True))
    def get(self, request: Request) -> Response:
        found = selectors_commissioners.visible_dispatches(user=request.user)[:500]
        return Response(DispatchOutput(found, many=True).data)
