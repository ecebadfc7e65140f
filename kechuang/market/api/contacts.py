"""``/api/v1/market/contacts/``: contact between organizations, the answer, the message thread."""

from __future__ import annotations

from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kechuang.core.api import InputSerializer, RawValueField
from kechuang.market import selectors, services
from kechuang.market.api.common import LIST_LIMIT, SubjectInput, operation, own_org, parsed, subject_of
from kechuang.market.models import Contact, ContactMessage


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


class ContactInput(SubjectInput):
    from_org = RawValueField()
    message = serializers.CharField(required=False, allow_blank=True, default="")


class ContactCollectionApi(APIView):
    @operation("market_contacts_list", "我的对接", responses={200: ContactOutput(many=True)})
    def get(self, request: Request) -> Response:
        return Response(ContactOutput(selectors.contact_list(user=request.user)[:LIST_LIMIT], many=True).data)

    @operation("market_contacts_create", "发起对接", request=ContactInput, responses={201: ContactOutput})
    def post(self, request: Request) -> Response:
        v = parsed(request, ContactInput)
        org = own_org(request, v["from_org"], field="from_org")
        achievement, demand = subject_of(request, v)
        c = services.contact_create(
            actor=request.user, from_org=org, achievement=achievement, demand=demand, message=v["message"]
        )
        return Response(ContactOutput(c).data, status=status.HTTP_201_CREATED)


class RespondInput(InputSerializer):
    accept = serializers.BooleanField()


class ContactRespondApi(APIView):
    @operation(
        "market_contacts_respond", "接受或拒绝对接", request=RespondInput, responses={200: ContactOutput}
    )
    def post(self, request: Request, pk: int) -> Response:
        c = selectors.contact_get(user=request.user, pk=pk)
        accept = parsed(request, RespondInput)["accept"]
        services.contact_respond(contact=c, actor=request.user, accept=accept)
        return Response(ContactOutput(c).data)


class MessageOutput(serializers.ModelSerializer):
    author = serializers.CharField(source="author.__str__", default="")

    class Meta:
        model = ContactMessage
        fields = ["id", "author", "body", "created_at"]


class MessageInput(InputSerializer):
    body = serializers.CharField(required=False, allow_blank=True, default="")


class ContactMessagesApi(APIView):
    @operation("market_contacts_messages", "洽谈消息", responses={200: MessageOutput(many=True)})
    def get(self, request: Request, pk: int) -> Response:
        c = selectors.contact_get(user=request.user, pk=pk)
        return Response(MessageOutput(c.messages.select_related("author"), many=True).data)

    @operation(
        "market_contacts_message_post", "发送洽谈消息", request=MessageInput, responses={201: MessageOutput}
    )
    def post(self, request: Request, pk: int) -> Response:
        c = selectors.contact_get(user=request.user, pk=pk)
        body = parsed(request, MessageInput)["body"]
        m = services.contact_message_post(contact=c, actor=request.user, body=body)
        return Response(MessageOutput(m).data, status=status.HTTP_201_CREATED)
